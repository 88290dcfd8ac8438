import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { MemoryStore } from "../fakes/memory-store.ts";
import { reversibleCrypto } from "../fakes/reversible-crypto.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { FakeClock } from "./fake-clock.ts";

export interface TestCore {
  deps: CoreDeps;
  store: MemoryStore;
  clock: FakeClock;
}

/** Core dependencies from hand-written fakes: in-memory store, fake clock, sequential ids. */
/** The installation zone of the tests (LOTSE_TIMEZONE's default). */
export const TEST_ZONE = "Europe/Berlin";

export function testCore(start?: string): TestCore {
  const store = new MemoryStore();
  const clock = new FakeClock(start);
  return { store, clock, deps: { store, clock, ids: new SequentialIds(), crypto: reversibleCrypto, datePhrases: chronoDatePhrases, defaultZone: TEST_ZONE } };
}
