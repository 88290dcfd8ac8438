/** Who read or changed what, and when. Holds ids only, never personal data or texts. */
export interface AuditEvent {
  id: string;
  tenantId: string | null;
  actorKind: string;
  actorId: string;
  action: string;
  subjectKind: string;
  subjectId: string;
  clientId: string | null;
  at: Date;
}
