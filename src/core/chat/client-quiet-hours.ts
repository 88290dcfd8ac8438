import { z } from "zod";
import { setClientQuietHours } from "../cases/set-client-quiet-hours.ts";
import { defineAction } from "../dialog/action-codec.ts";
import type { Button, MessageParam, Outbound } from "../dialog/messages.ts";
import type { QuietHours } from "../reminders/quiet-hours.ts";
import { clientQuietHours } from "../reminders/recipient-quiet.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import type { ChatContext } from "./chat-context.ts";
import type { Routed } from "./reply.ts";

/** Quiet hours a person can pick with one tap; "o" none, "s" the tenant's. */
export const quietHourPresets = { a: "21:00-08:00", b: "22:00-07:00", c: "20:00-09:00", d: "23:00-06:00" } as const;
type PresetCode = keyof typeof quietHourPresets;
export const quietHoursAction = defineAction("qhr", [z.enum(["a", "b", "c", "d", "o", "s"])]);

/** "21:00–08:00", or "no quiet hours" in the reader's language. */
export const describeQuietHours = (quiet: QuietHours): MessageParam =>
  quiet.start === quiet.end ? { t: "key", key: "client.quiet.none" } : `${quiet.start}–${quiet.end}`;

/** The preset buttons (two per row), then "no quiet hours" and "as the office has it". */
export function quietHourButtons(encode: (code: PresetCode | "o" | "s") => string, tenantQuiet: QuietHours): Button[][] {
  const presets = Object.entries(quietHourPresets).map(([code, range]) => ({ labelKey: "", label: range.replace("-", "–"), data: encode(code as PresetCode) }));
  return [
    presets.slice(0, 2),
    presets.slice(2, 4),
    [
      { labelKey: "actions.quiet.off", data: encode("o") },
      { labelKey: "actions.quiet.standard", labelParams: { range: describeQuietHours(tenantQuiet) }, data: encode("s") },
    ],
  ];
}

/** /quiet for a client: when no messages come now, and one tap to change it. */
export async function clientQuietHoursQuestion(context: ChatContext, clientId: string): Promise<Outbound> {
  const client = await context.deps.store.clients.get(clientId);
  const settings = await loadReminderSettings(context.deps.store, client?.tenantId ?? null);
  const current = client ? clientQuietHours(client, settings) : settings.quietHours;
  return {
    parts: [{ key: "client.quiet.ask", params: { current: describeQuietHours(current) } }],
    buttons: quietHourButtons((code) => quietHoursAction.encode(code), settings.quietHours),
  };
}

/** The client's tap: saved, and what now applies. */
export async function answerClientQuietHours(context: ChatContext, clientId: string, code: PresetCode | "o" | "s"): Promise<Routed> {
  const quietHours = code === "s" ? null : code === "o" ? "off" : quietHourPresets[code];
  const client = await setClientQuietHours(context.deps, context.actor, { clientId, quietHours });
  const settings = await loadReminderSettings(context.deps.store, client.tenantId);
  const now = clientQuietHours(client, settings);
  // None at all: "messages from this time come afterwards" would make no sense.
  if (now.start === now.end) return { outbound: [{ parts: [{ key: "client.quiet.saved_off" }], edit: true }] };
  return { outbound: [{ parts: [{ key: "client.quiet.saved", params: { current: describeQuietHours(now) } }], edit: true }] };
}
