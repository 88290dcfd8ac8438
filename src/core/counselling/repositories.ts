import type { CounsellingExtension } from "./model.ts";

export interface CounsellingExtensionRepository {
  add(extension: CounsellingExtension): Promise<void>;
  /** Oldest first. */
  listForClient(clientId: string): Promise<CounsellingExtension[]>;
  /** Newest first. */
  listForTenant(tenantId: string): Promise<CounsellingExtension[]>;
  /** Removes a client's extensions (erasure); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
}

export interface CounsellingRepositories {
  counsellingExtensions: CounsellingExtensionRepository;
}
