import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { parseStoredQuietHours } from "../reminders/recipient-quiet.ts";
import { loadClientInScope } from "../scope/client-access.ts";

import { parseInput } from "../shared/validate.ts";
import { idSchema, isValidTimeZone } from "../shared/values.ts";
import type { Client } from "./model.ts";

export const setClientQuietHoursInput = z.object({
  clientId: idSchema,
  /** "21:00-08:00", "off" (none), or null for the tenant's. */
  quietHours: z
    .string()
    .nullable()
    .refine((value) => value === null || parseStoredQuietHours(value) !== null, "must be a range like 21:00-08:00, or off"),
  /** An IANA zone ("Europe/Berlin"), null for the tenant's; absent: unchanged. */
  timezone: z
    .string()
    .nullable()
    .refine((zone) => zone === null || isValidTimeZone(zone), "must be a time zone like Europe/Berlin")
    .optional(),
});

/**
 * A client's own quiet hours and time zone: set by the client in the chat (/quiet) or by a manager of the case on the
 * card. Every message to the client waits them out (the dispatcher), reminders are
 * planned before them.
 */
export async function setClientQuietHours(deps: CoreDeps, actor: Actor, input: unknown): Promise<Client> {
  const parsed = parseInput(setClientQuietHoursInput, input);
  if (actor.kind === "client" && actor.clientId !== parsed.clientId) throw forbidden("only for oneself");
  if (actor.kind !== "client" && actor.kind !== "staff") throw forbidden(`${actor.kind} cannot set quiet hours`);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, actor.kind === "staff" ? "write" : "basic");
    const updated: Client = {
      ...client,
      quietHours: parsed.quietHours,
      ...(parsed.timezone !== undefined ? { timezone: parsed.timezone } : {}),
    };
    await repositories.clients.update(updated);
    await recordAudit(deps, repositories, actor, {
      action: "quiet_hours.set",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return updated;
  });
}
