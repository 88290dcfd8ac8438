import type { Referral } from "./model.ts";

export interface ReferralRepository {
  create(referral: Referral): Promise<void>;
  get(id: string): Promise<Referral | null>;
  update(referral: Referral): Promise<void>;
  /** Oldest first. */
  listForClient(clientId: string): Promise<Referral[]>;
  /** Open referrals the manager made (or took over) whose follow-up is due by `dueBy`, overdue included; earliest first. */
  listFollowUpsDue(managerId: string, dueBy: Date): Promise<Referral[]>;
}
