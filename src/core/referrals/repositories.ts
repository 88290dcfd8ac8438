import type { Referral } from "./model.ts";

export interface ReferralRepository {
  create(referral: Referral): Promise<void>;
  get(id: string): Promise<Referral | null>;
  update(referral: Referral): Promise<void>;
  /** Oldest first. */
  listForClient(clientId: string): Promise<Referral[]>;
}
