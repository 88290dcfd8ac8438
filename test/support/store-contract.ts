import { afterAll, beforeAll, describe } from "vitest";
import type { Store } from "../../src/core/ports/store.ts";
import { appointmentsContract } from "./contract/appointments.ts";
import { casesContract, consentContract } from "./contract/cases.ts";
import { conversationsContract } from "./contract/conversations.ts";
import { counsellingContract } from "./contract/counselling.ts";
import { dataProtectionContract } from "./contract/data-protection.ts";
import { messagingContract } from "./contract/messaging.ts";
import { offersContract } from "./contract/offers.ts";
import { volunteersContract } from "./contract/volunteers.ts";
import { plansContract } from "./contract/plans.ts";
import { setupContract } from "./contract/setup.ts";
import type { ContractContext } from "./contract/context.ts";

export interface ContractSubject {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * The repository contract: the same behaviours, checked against the in-memory fake (unit project) and against
 * the Prisma store on SQLite and PostgreSQL (integration project), so the fake cannot drift from the real thing.
 */
export function storeContract(label: string, open: () => Promise<ContractSubject>): void {
  describe(`store contract: ${label}`, () => {
    let subject: ContractSubject;
    let store: Store;
    let sequence = 0;
    const unique = (prefix: string) => `${prefix}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject.cleanup();
    });

    const context: ContractContext = { store: () => store, unique };
    setupContract(context);
    casesContract(context);
    consentContract(context);
    messagingContract(context);
    plansContract(context);
    appointmentsContract(context);
    counsellingContract(context);
    offersContract(context);
    volunteersContract(context);
    conversationsContract(context);
    dataProtectionContract(context);
  });
}
