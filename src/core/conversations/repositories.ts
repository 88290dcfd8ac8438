import type { ConversationMessage } from "./model.ts";

export interface ConversationRepository {
  create(message: ConversationMessage): Promise<void>;
  get(id: string): Promise<ConversationMessage | null>;
  /** Saves a changed message (status, text, file, passedAt, closedAt). */
  update(message: ConversationMessage): Promise<void>;
  /** The client's newest draft (status "draft"), if any. */
  findDraft(clientId: string): Promise<ConversationMessage | null>;
  /** Messages from clients a manager has open (status "open"), oldest first. */
  listOpenForManager(managerId: string): Promise<ConversationMessage[]>;
  /** Everything of a client, oldest first (export). */
  listForClient(clientId: string): Promise<ConversationMessage[]>;
  /** Deletes everything of a client (consent withdrawn, erasure); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
  /** Retention: deletes drafts created before `draftsBefore` and all other messages created before `before`. */
  deleteExpired(before: Date, draftsBefore: Date): Promise<number>;
}

export interface ConversationRepositories {
  conversations: ConversationRepository;
}
