import { operator } from "../../core/actor.ts";
import { offsetLabel } from "../../core/reminders/appointment-reminders.ts";
import { setReminderSettings } from "../../core/reminders/set-reminder-settings.ts";
import type { ReminderSettings } from "../../core/reminders/settings.ts";
import type { CliCommand } from "../command.ts";

function shownSettings(settings: ReminderSettings): { offsets: string; quiet: string } {
  const { start, end } = settings.quietHours;
  return {
    offsets: settings.appointmentOffsetsMin.length > 0 ? settings.appointmentOffsetsMin.map(offsetLabel).join(",") : "none",
    quiet: start === end ? "off" : `${start}-${end}`,
  };
}

export const tenantRemindersCommand: CliCommand = {
  path: ["tenant", "reminders"],
  summary: "show or set a tenant's appointment reminder offsets and quiet hours",
  usage: "lotse tenant reminders --tenant ID [--offsets 24h,2h] [--quiet 21:00-08:00] [--json]",
  options: {
    tenant: { type: "string", description: "the tenant's id (lotse tenant list)" },
    offsets: { type: "string", description: 'reminders before an appointment, e.g. 24h,2h or 1d,90m ("none" for none)' },
    quiet: { type: "string", description: 'quiet hours in the recipient\'s zone, e.g. 21:00-08:00 ("off" for none)' },
  },
  async run(options, { deps }) {
    const result = await setReminderSettings(deps, operator, { tenantId: options.tenant, offsets: options.offsets, quiet: options.quiet });
    const shown = shownSettings(result.settings);
    return {
      json: {
        tenantId: result.tenantId,
        changed: result.changed,
        ...shown,
        appointmentOffsetsMin: result.settings.appointmentOffsetsMin,
        quietHours: result.settings.quietHours,
      },
      text: [
        result.changed ? "Reminder settings saved (they apply to messages planned from now on)." : "Reminder settings:",
        `offsets: ${shown.offsets}`,
        `quiet hours: ${shown.quiet}`,
      ].join("\n"),
    };
  },
};
