import { z } from "zod";
import { setClientQuietHours } from "../cases/set-client-quiet-hours.ts";
import { defineAction } from "../dialog/action-codec.ts";
import type { Button, MessageParam, Outbound } from "../dialog/messages.ts";
import type { QuietHours } from "../reminders/quiet-hours.ts";
import { clientQuietHours } from "../reminders/recipient-quiet.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import type { ChatContext } from "./chat-context.ts";
import { localParts } from "../shared/zoned-time.ts";
import { zoneCodes, zonesByCode, type ZoneCode } from "../reminders/zone-choices.ts";
import type { Routed } from "./reply.ts";

/** Quiet hours a person can pick with one tap; "o" none, "s" the tenant's. */
export const quietHourPresets = { a: "21:00-08:00", b: "22:00-07:00", c: "20:00-09:00", d: "23:00-06:00" } as const;
type PresetCode = keyof typeof quietHourPresets;
export const quietHoursAction = defineAction("qhr", [z.enum(["a", "b", "c", "d", "o", "s"])]);
/** The client's own time zone: "list" shows the choices, a zone code saves it, "standard" goes back to the office's. */
export const clientZoneAction = defineAction("qhz", [z.enum(["list", "standard", ...zoneCodes])]);

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
    buttons: [
      ...quietHourButtons((code) => quietHoursAction.encode(code), settings.quietHours),
      [{ labelKey: "actions.quiet.zone", data: clientZoneAction.encode("list") }],
    ],
  };
}

/**
 * "Other time zone": each choice shows the time it is there now, so a client picks the one that matches their
 * phone's clock without knowing zone names; the first choice is the office's own zone.
 */
function zonePicker(context: ChatContext, officeZone: string): Outbound {
  const now = context.deps.clock.now().toISOString();
  const option = (zone: string, code: "standard" | ZoneCode) => [
    { labelKey: "actions.quiet.zone_option", labelParams: { zone, time: { t: "time" as const, iso: now, zone } }, data: clientZoneAction.encode(code) },
  ];
  // Zones that show the same time now (Berlin, Vienna, Zurich) are one choice for the client: the first of them.
  const timeIn = (zone: string) => localParts(context.deps.clock.now(), zone);
  const sameTime = (a: string, b: string) => timeIn(a).hour === timeIn(b).hour && timeIn(a).minute === timeIn(b).minute;
  const others = zoneCodes
    .map((code) => ({ code, zone: zonesByCode[code] }))
    .filter(({ zone }, index, all) => !sameTime(zone, officeZone) && all.findIndex((other) => sameTime(other.zone, zone)) === index)
    .map(({ code }) => code);
  return { parts: [{ key: "client.quiet.zone_ask" }], buttons: [option(officeZone, "standard"), ...others.map((code) => option(zonesByCode[code], code))] };
}

/** The client's tap on "other time zone" or on a zone: the picker, or saved (times in messages follow it). */
export async function answerClientZone(context: ChatContext, clientId: string, code: "list" | "standard" | ZoneCode): Promise<Routed> {
  const officeZone = context.tenant?.timezone ?? context.deps.defaultZone;
  if (code === "list") return { outbound: [zonePicker(context, officeZone)] };
  const client = await context.deps.store.clients.get(clientId);
  const timezone = code === "standard" ? null : zonesByCode[code];
  await setClientQuietHours(context.deps, context.actor, { clientId, quietHours: client?.quietHours ?? null, timezone });
  const zone = timezone ?? officeZone;
  const time: MessageParam = { t: "time", iso: context.deps.clock.now().toISOString(), zone };
  return { outbound: [{ parts: [{ key: "client.quiet.zone_saved", params: { zone, time } }], edit: true }] };
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
