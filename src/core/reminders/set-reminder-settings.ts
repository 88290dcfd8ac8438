import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { assertCanSetUpTenant } from "../setup/setup-scope.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { minutesOfDay, type TimeOfDay } from "./quiet-hours.ts";
import { loadReminderSettings, reminderSettingsKey } from "./recipient-zone.ts";
import { reminderSettingsSchema, type ReminderSettings } from "./settings.ts";

const unitMinutes = { m: 1, h: 60, d: 24 * 60 } as const;
const minOffsetMin = 5;
const maxOffsetMin = 14 * 24 * 60;
const maxOffsets = 5;

/** "24h,2h", "1d,90m": appointment reminder offsets, each 5 minutes to 14 days, at most five, no repeats; "none". */
export const reminderOffsetsSchema = z.string().transform((text, ctx): number[] => {
  if (text.trim().toLowerCase() === "none") return [];
  const tokens = text
    .split(",")
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== "");
  const offsets: number[] = [];
  for (const token of tokens) {
    const match = /^(\d{1,5})(m|h|d)$/.exec(token);
    const minutes = match ? Number(match[1]) * unitMinutes[match[2] as keyof typeof unitMinutes] : Number.NaN;
    if (!(minutes >= minOffsetMin && minutes <= maxOffsetMin)) {
      ctx.addIssue({ code: "custom", message: `"${token}" is not an offset like 24h, 2h, 90m or 1d (5 minutes to 14 days)` });
      return z.NEVER;
    }
    offsets.push(minutes);
  }
  if (offsets.length > maxOffsets) ctx.addIssue({ code: "custom", message: `at most ${maxOffsets} offsets` });
  if (new Set(offsets).size !== offsets.length) ctx.addIssue({ code: "custom", message: "an offset appears twice" });
  return offsets.sort((a, b) => b - a);
});

const isTimeOfDay = (text: string): boolean => {
  try {
    minutesOfDay(text);
    return true;
  } catch {
    return false;
  }
};

/** "21:00-08:00": quiet hours from (inclusive) to (exclusive), over midnight when the start is later; "off" for none. */
export const quietHoursSchema = z.string().transform((text, ctx) => {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "off") return { start: "00:00" as TimeOfDay, end: "00:00" as TimeOfDay };
  const [start = "", end = "", ...rest] = trimmed.split("-").map((part) => part.trim());
  if (rest.length > 0 || !isTimeOfDay(start) || !isTimeOfDay(end)) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a range like 21:00-08:00 (or "off")` });
    return z.NEVER;
  }
  return { start: start as TimeOfDay, end: end as TimeOfDay };
});

export const setReminderSettingsInput = z.object({
  tenantId: idSchema,
  offsets: reminderOffsetsSchema.optional(),
  quiet: quietHoursSchema.optional(),
});

export interface TenantReminderSettings {
  tenantId: string;
  settings: ReminderSettings;
  changed: boolean;
}

/**
 * A tenant's reminder offsets and quiet hours (settings key `tenant:<id>:reminders`). Without a change it only reads
 * them. Applies to messages planned from now on; rows already planned keep their times.
 */
export async function setReminderSettings(deps: CoreDeps, actor: Actor, input: unknown): Promise<TenantReminderSettings> {
  const parsed = parseInput(setReminderSettingsInput, input);
  assertCanSetUpTenant(actor, parsed.tenantId);
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(parsed.tenantId);
    if (!tenant) throw notFound("tenant", parsed.tenantId);
    const current = await loadReminderSettings(repositories, tenant.id);
    if (parsed.offsets === undefined && parsed.quiet === undefined) return { tenantId: tenant.id, settings: current, changed: false };
    const next: ReminderSettings = reminderSettingsSchema.parse({
      ...current,
      ...(parsed.offsets !== undefined ? { appointmentOffsetsMin: parsed.offsets } : {}),
      ...(parsed.quiet !== undefined ? { quietHours: parsed.quiet } : {}),
    });
    await repositories.settings.set(reminderSettingsKey(tenant.id), JSON.stringify(next));
    await recordAudit(deps, repositories, actor, { action: "tenant.reminders.set", subjectKind: "tenant", subjectId: tenant.id, tenantId: tenant.id });
    return { tenantId: tenant.id, settings: next, changed: true };
  });
}
