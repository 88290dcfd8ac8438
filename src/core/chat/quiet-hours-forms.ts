import { z } from "zod";
import { setClientQuietHours } from "../cases/set-client-quiet-hours.ts";
import { defineForm, type FieldOption } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { clientQuietHours, parseWorkDays, staffQuietHours } from "../reminders/recipient-quiet.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import { zoneCodes, zonesByCode } from "../reminders/zone-choices.ts";
import { setWorkingTimes } from "../setup/set-working-times.ts";
import { describeQuietHours, quietHourPresets } from "./client-quiet-hours.ts";
import { isStaffManager } from "./staff-options.ts";

/** The quiet hours one can pick (by preset code: button data allows no ":"), none, or the tenant's ("standard"). */
const quietOptions = async (): Promise<FieldOption[]> => [
  ...Object.entries(quietHourPresets).map(([code, range]) => ({ value: code, labelKey: "", label: range.replace("-", "–") })),
  { value: "off", labelKey: "manager.quiet.off" },
  { value: "standard", labelKey: "manager.quiet.standard" },
];
const quietValue = z.enum(["a", "b", "c", "d", "off", "standard"]);
const storedQuiet = (value: z.output<typeof quietValue>): string | null => (value === "standard" ? null : value === "off" ? "off" : quietHourPresets[value]);

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

const zoneOptions = async (): Promise<FieldOption[]> => [
  { value: "standard", labelKey: "manager.quiet.zone_standard" },
  ...Object.entries(zonesByCode).map(([code, zone]) => ({ value: code, labelKey: "", label: zone })),
];

/** On the client card: the client's own quiet hours and, when they live elsewhere, their time zone. */
export const clientQuietForm = defineForm({
  id: "cquiet",
  titleKey: "manager.quiet.client_title",
  schema: z.object({
    client: z.string().min(1),
    quiet: quietValue,
    zone: z.enum(["standard", ...zoneCodes]).optional(),
  }),
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "text", promptKey: "manager_card.form.which", maxLength: 26 },
    { name: "quiet", type: "choice", promptKey: "manager.quiet.client_quiet", labelKey: "manager.quiet.label", options: quietOptions },
    { name: "zone", type: "choice", promptKey: "manager.quiet.zone", labelKey: "manager.quiet.zone_label", optional: true, options: zoneOptions },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const zone = values.zone === undefined ? undefined : values.zone === "standard" ? null : zonesByCode[values.zone];
    const client = await setClientQuietHours(context.deps, context.actor, {
      clientId: values.client,
      quietHours: storedQuiet(values.quiet),
      ...(zone !== undefined ? { timezone: zone } : {}),
    });
    const settings = await loadReminderSettings(context.deps.store, client.tenantId);
    return [
      say("manager.quiet.client_saved", { name: client.name, current: describeQuietHours(clientQuietHours(client, settings)), zone: client.timezone ?? "—" }),
    ];
  },
});

/** /quiet for staff: their own quiet hours and working days (the morning brief skips other days without appointments). */
export const workingTimesForm = defineForm({
  id: "mytimes",
  titleKey: "manager.quiet.own_title",
  schema: z.object({ quiet: quietValue, days: z.array(z.string().regex(/^[1-7]$/)).min(1) }),
  allowed: (actor) => actor.kind === "staff",
  fields: [
    { name: "quiet", type: "choice", promptKey: "manager.quiet.own_quiet", labelKey: "manager.quiet.label", options: quietOptions },
    {
      name: "days",
      type: "multi_choice",
      promptKey: "manager.quiet.days",
      labelKey: "manager.quiet.days_label",
      options: async () => weekdays.map((day) => ({ value: String(day), labelKey: `manager.weekday.d${day}` })),
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const manager = await setWorkingTimes(context.deps, context.actor, { quietHours: storedQuiet(values.quiet), workDays: values.days.map(Number) });
    const settings = await loadReminderSettings(context.deps.store, manager.tenantId);
    const days = parseWorkDays(manager.workDays).map((day) => ({ t: "key" as const, key: `manager.weekday.d${day}` }));
    return [say("manager.quiet.own_saved", { current: describeQuietHours(staffQuietHours(manager, settings)), days: { t: "lines", items: days } })];
  },
});
