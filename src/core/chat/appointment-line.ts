import { readAppointmentLine, type AppointmentLine } from "../appointments/read-appointment-line.ts";
import { resolveClientByName } from "../contacts/resolve-client-name.ts";
import type { FieldValue } from "../dialog/field-values.ts";
import { readTypedValue } from "../dialog/field-values.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import { appointmentForm } from "./appointment-form.ts";
import type { ChatContext } from "./chat-context.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** The client the line names, or why the form must ask: nobody of the caseload has the name, or several do. */
async function clientOf(context: ChatContext, query: string): Promise<{ clientId: string } | { note: Outbound } | null> {
  if (!query || context.actor.kind !== "staff") return null;
  try {
    return { clientId: (await resolveClientByName(context.deps.store, context.actor, query)).id };
  } catch (error) {
    if (!isDomainError(error) || (error.code !== "not_found" && error.code !== "conflict")) throw error;
    return { note: say(error.code === "not_found" ? "manager.appointment.line.no_client" : "manager.appointment.line.several_clients", { name: query }) };
  }
}

/** The day and time as the form takes them: a moment, or a day whose time the form asks; or what was wrong with them. */
function startOf(context: ChatContext, when: NonNullable<AppointmentLine["when"]>): { startsAt: string } | { note: Outbound } {
  const { reading } = when;
  if (reading.ok) return { startsAt: reading.timeGiven ? reading.at.toISOString() : `${reading.day.year}-${pad(reading.day.month)}-${pad(reading.day.day)}` };
  const field = appointmentForm.fields.find((candidate) => candidate.name === "startsAt");
  const refusal = field
    ? readTypedValue(field, when.text, {
        now: context.deps.clock.now(),
        zone: context.zone,
        datePhrases: context.deps.datePhrases,
        options: [],
        labelOf: () => "",
      })
    : null;
  return { note: refusal && !refusal.ok ? say(refusal.errorKey, refusal.errorParams) : say("dialog.error.datetime") };
}

/**
 * `/appointment Fatemeh morgen 10 Rathaus 45min`: the appointment form with what the line says already answered. A
 * chat asks only what is missing and then reads the whole back (each line can be changed there); a Teams card shows
 * the line's values in its inputs. A name nobody has, or a day that is past or does not exist, is said first and then
 * asked again.
 */
export async function appointmentFromLine(context: ChatContext, text: string): Promise<Outbound[]> {
  const now = context.deps.clock.now();
  const line = readAppointmentLine(text, (phrase) => context.deps.datePhrases.read(phrase, { now, zone: context.zone, expect: "future" }));
  const notes: Outbound[] = [];
  const suggested: Record<string, FieldValue> = {};
  const client = await clientOf(context, line.clientQuery);
  if (client && "clientId" in client) suggested.client = client.clientId;
  else if (client) notes.push(client.note);
  if (line.when) {
    const start = startOf(context, line.when);
    if ("startsAt" in start) suggested.startsAt = start.startsAt;
    else notes.push(start.note);
  }
  if (line.place) suggested.place = line.place;
  if (line.kind) suggested.kind = line.kind;
  if (line.durationMin !== null) suggested.durationMin = line.durationMin;
  return [...notes, ...(await startForm(context, appointmentForm, {}, suggested))];
}
