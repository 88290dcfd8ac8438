export const invitePurposes = ["link_manager", "link_client"] as const;
export type InvitePurpose = (typeof invitePurposes)[number];

/** A one-time code that links a chat identity to a manager or client. Only its digest is stored. */
export interface Invite {
  id: string;
  codeHash: string;
  purpose: InvitePurpose;
  tenantId: string;
  managerId: string | null;
  clientId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

/** What a use case hands back once: the plain code exists only in this value. */
export interface IssuedInvite {
  code: string;
  expiresAt: Date;
}

export const INVITE_VALIDITY_DAYS = 7;
