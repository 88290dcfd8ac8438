import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { assertStaff } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import type { Client } from "./model.ts";
import { caseStatuses } from "./model.ts";

export const findClientsInput = z.object({
  query: z.string().trim().max(100).optional(),
  status: z.enum(caseStatuses).optional(),
  page: z.number().int().min(0).max(10_000).default(0),
  /** Up to 500: a whole caseload (100–140 people) for a picker, in one read. */
  pageSize: z.number().int().min(1).max(500).default(8),
});

export interface ClientPage {
  clients: Pick<Client, "id" | "name" | "language" | "status" | "householdId">[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * A manager's caseload (own and shared cases), searchable by name and paged. Supervisors and admins see the
 * tenant's caseload at list level (names and status, no case content).
 */
export async function findClients(deps: CoreDeps, actor: Actor, input: unknown): Promise<ClientPage> {
  assertStaff(actor);
  const parsed = parseInput(findClientsInput, input);
  const { clients, total } = await deps.store.clients.search({
    tenantId: actor.tenantId,
    ...(actor.role === "manager" ? { managerId: actor.managerId } : {}),
    ...(parsed.query ? { nameContains: parsed.query } : {}),
    ...(parsed.status ? { status: parsed.status } : {}),
    offset: parsed.page * parsed.pageSize,
    limit: parsed.pageSize,
  });
  return {
    clients: clients.map(({ id, name, language, status, householdId }) => ({ id, name, language, status, householdId })),
    total,
    page: parsed.page,
    pageCount: Math.max(1, Math.ceil(total / parsed.pageSize)),
  };
}
