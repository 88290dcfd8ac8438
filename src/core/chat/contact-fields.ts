import { contactKinds, maxDurationMin, minDurationMin } from "../contacts/parse-quick-log.ts";
import type { PhraseDay } from "../ports/date-phrases.ts";
import type { FormField } from "../dialog/form.ts";
import { areaOptions, kindOptions } from "./staff-options.ts";

/** What a contact was: its kind, the plan areas it touched and how long it took (the log and its correction ask the same). */
export const contactDetailFields: FormField[] = [
  {
    name: "kind",
    type: "choice",
    promptKey: "manager.contact.kind",
    labelKey: "manager.labels.contact_kind",
    options: async () => kindOptions(contactKinds),
  },
  {
    name: "areas",
    type: "multi_choice",
    promptKey: "manager.contact.areas",
    labelKey: "manager.labels.areas",
    optional: true,
    options: async () => areaOptions(),
  },
  {
    name: "durationMin",
    type: "duration",
    promptKey: "manager.contact.duration",
    labelKey: "manager.labels.duration",
    min: minDurationMin,
    max: maxDurationMin,
  },
];

/** A date field's value ("YYYY-MM-DD") as a day; null when none was given. */
export function dayOfField(text: string | undefined): PhraseDay | null {
  const [year, month, day] = (text ?? "").split("-").map(Number);
  return text && year && month && day ? { year, month, day } : null;
}
