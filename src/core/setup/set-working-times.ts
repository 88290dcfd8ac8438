import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import { parseStoredQuietHours, parseWorkDays } from "../reminders/recipient-quiet.ts";
import { parseInput } from "../shared/validate.ts";
import type { Manager } from "./model.ts";

export const setWorkingTimesInput = z.object({
  /** "20:00-07:00", "off" (none), or null for the tenant's. */
  quietHours: z
    .string()
    .nullable()
    .refine((value) => value === null || parseStoredQuietHours(value) !== null, "must be a range like 20:00-07:00, or off"),
  /** ISO weekdays worked (1 Monday to 7 Sunday), at least one; null for Monday to Friday. */
  workDays: z.array(z.number().int().min(1).max(7)).min(1).nullable(),
});

/**
 * A staff member's own quiet hours and working days (/quiet): messages to them wait out their quiet hours; the
 * morning brief comes on working days (on other days only when appointments are booked).
 */
export async function setWorkingTimes(deps: CoreDeps, actor: Actor, input: unknown): Promise<Manager> {
  const parsed = parseInput(setWorkingTimesInput, input);
  if (actor.kind !== "staff") throw forbidden(`${actor.kind} has no working times`);
  return deps.store.transaction(async (repositories) => {
    const manager = await repositories.managers.get(actor.managerId);
    if (!manager) throw notFound("manager", actor.managerId);
    const workDays = parsed.workDays === null ? null : parseWorkDays(parsed.workDays.join(",")).join(",");
    await repositories.managers.setWorkingTimes(manager.id, { quietHours: parsed.quietHours, workDays });
    await recordAudit(deps, repositories, actor, {
      action: "working_times.set",
      subjectKind: "manager",
      subjectId: manager.id,
      tenantId: manager.tenantId,
    });
    return { ...manager, quietHours: parsed.quietHours, workDays };
  });
}
