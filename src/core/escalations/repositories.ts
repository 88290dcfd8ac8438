import type { Escalation } from "./model.ts";

export interface EscalationRepository {
  create(escalation: Escalation): Promise<void>;
  get(id: string): Promise<Escalation | null>;
  update(escalation: Escalation): Promise<void>;
  /** Open escalations of a manager, oldest first. */
  listOpenForManager(managerId: string): Promise<Escalation[]>;
  listForClient(clientId: string): Promise<Escalation[]>;
}
