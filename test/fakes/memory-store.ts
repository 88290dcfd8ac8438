import type { Repositories, Store } from "../../src/core/ports/store.ts";
import { emptyCaseworkState, memoryCaseworkRepositories, type CaseworkState } from "./memory/appointments.ts";
import { emptyCaseState, memoryCaseRepositories, type CaseState } from "./memory/cases.ts";
import { emptyConversationState, memoryConversationRepositories, type ConversationState } from "./memory/conversations.ts";
import { emptyCounsellingState, memoryCounsellingRepositories, type CounsellingState } from "./memory/counselling.ts";
import { memoryDataProtectionRepositories } from "./memory/data-protection.ts";
import { emptyVolunteerState, memoryVolunteerRepositories, type VolunteerState } from "./memory/volunteers.ts";
import { emptyOfferState, memoryOfferRepositories, type OfferState } from "./memory/offers.ts";
import { emptyMessagingState, memoryMessagingRepositories, type MessagingState } from "./memory/messaging.ts";
import { emptyPlanState, memoryPlanRepositories, type PlanState } from "./memory/plans.ts";
import { emptySetupState, memorySetupRepositories, type SetupState } from "./memory/setup.ts";

/** Everything the in-memory store holds; tests may read it directly. Each area adds its state here. */
export type MemoryState = SetupState &
  CaseState &
  MessagingState &
  CaseworkState &
  PlanState &
  CounsellingState &
  OfferState &
  VolunteerState &
  ConversationState;

const emptyState = (): MemoryState => ({
  ...emptySetupState(),
  ...emptyCaseState(),
  ...emptyMessagingState(),
  ...emptyPlanState(),
  ...emptyCaseworkState(),
  ...emptyCounsellingState(),
  ...emptyOfferState(),
  ...emptyVolunteerState(),
  ...emptyConversationState(),
});

/**
 * A hand-written fake of the store port for unit tests of the core. The repository contract suite
 * (test/support/store-contract.ts) holds it to the same behaviour as the Prisma store.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface MemoryStore extends Repositories {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MemoryStore implements Store {
  state: MemoryState = emptyState();
  failPing = false;
  readonly repositories: Repositories;

  constructor() {
    const state = () => this.state;
    this.repositories = {
      ...memorySetupRepositories(state),
      ...memoryCaseRepositories(state),
      ...memoryMessagingRepositories(state),
      ...memoryPlanRepositories(state),
      ...memoryCaseworkRepositories(state, () => this.state.plans.values()),
      ...memoryDataProtectionRepositories(state),
      ...memoryCounsellingRepositories(state),
      ...memoryOfferRepositories(state),
      ...memoryVolunteerRepositories(state),
      ...memoryConversationRepositories(state),
    };
    Object.assign(this, this.repositories);
  }

  /** All or nothing: the state is restored when the work throws. */
  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const before = structuredClone(this.state);
    try {
      return await work(this.repositories);
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  async ping(): Promise<void> {
    if (this.failPing) throw new Error("database down");
  }

  async close(): Promise<void> {}
}
