import { z } from "zod";
import { assessmentDataSchema, languageLevels, recognitionStates, type AssessmentData } from "../assessment/model.ts";
import { clientLanguageSchema } from "../shared/languages.ts";
import { maxHandoverNoteLength } from "../handover/model.ts";
import { labelSchema, personNameSchema } from "../shared/values.ts";

/** List cells hold several values separated by "|", e.g. "ar:native|de:A2". */
export const LIST_SEPARATOR = "|";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalCell = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

function listCell<O>(item: z.ZodType<O, string>, example: string) {
  return optionalCell(
    z
      .string()
      .transform((text) =>
        text
          .split(LIST_SEPARATOR)
          .map((part) => part.trim())
          .filter((part) => part !== ""),
      )
      .pipe(z.array(item, { error: `must be a list like ${example}` }).min(1)),
  );
}

/** "code:value" pairs, e.g. "ar:native" or "Schreiner:SY". */
function pair(text: string): [string, string | undefined] {
  const at = text.lastIndexOf(":");
  return at < 0 ? [text.trim(), undefined] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

const languageItem = z
  .string()
  .transform((text) => {
    const [code, level] = pair(text);
    return { code: code.toLowerCase(), level };
  })
  .pipe(
    z.object({
      code: z.string().regex(/^[a-z]{2,3}$/, "must be a language code like ar or prs"),
      level: z.enum(languageLevels, { error: `level must be one of ${languageLevels.join(", ")} (e.g. ar:native|de:A2)` }),
    }),
  );

const titleWithCountry = z
  .string()
  .transform((text) => {
    const [title, country] = pair(text);
    return country === undefined ? { title } : { title, country: country.toUpperCase() };
  })
  .pipe(
    z.object({
      title: labelSchema,
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, "country must be a code like SY")
        .optional(),
    }),
  );

const degreeItem = z
  .string()
  .transform((text) => {
    const [title, recognition] = pair(text);
    return { title, recognition: recognition ?? "none" };
  })
  .pipe(z.object({ title: labelSchema, recognition: z.enum(recognitionStates, { error: `recognition must be one of ${recognitionStates.join(", ")}` }) }));

const workItem = z
  .string()
  .transform((text) => {
    const [field, years] = pair(text);
    return { field, years: years === undefined ? Number.NaN : Number(years) };
  })
  .pipe(z.object({ field: labelSchema, years: z.number({ error: "give the years like Bau:5" }).int().min(0).max(60) }));

const count = (max: number) => z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0).max(max);

/** The columns of a client import file. name, language and manager are required; the rest is voluntary. */
export const clientRowSchema = z.strictObject(
  {
    name: personNameSchema,
    language: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), clientLanguageSchema),
    household: optionalCell(labelSchema),
    municipality: optionalCell(labelSchema),
    manager: labelSchema,
    case_started: optionalCell(z.iso.date("must be a date like 2025-03-01")),
    languages: listCell(languageItem, "ar:native|de:A2"),
    schooling_years: optionalCell(count(60)),
    schooling_level: optionalCell(labelSchema),
    vocational_training: listCell(titleWithCountry, "Schreiner:SY|Koch"),
    degrees: listCell(degreeItem, "Bachelor Informatik:in_progress"),
    work_experience: listCell(workItem, "Bau:5|Gastronomie:2"),
    interests: listCell(labelSchema, "Fußball|Kochen"),
    children_count: optionalCell(count(20)),
    /** The refugee social work that handed the case over: agency, day of the handover conversation, summary (sealed). */
    earlier_agency: optionalCell(labelSchema),
    earlier_handover: optionalCell(z.iso.date("must be a date like 2025-02-15")),
    earlier_summary: optionalCell(z.string().trim().max(maxHandoverNoteLength)),
    children_ages: listCell(
      z
        .string()
        .transform(Number)
        .pipe(z.number({ error: "must be ages like 4|7" }).int().min(0).max(30)),
      "4|7",
    ),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown column` : undefined) },
);
export type ClientRow = z.output<typeof clientRowSchema>;

export const importColumns = Object.keys(clientRowSchema.shape);
export const requiredColumns = ["name", "language", "manager"] as const;

/** The assessment fields of a row, or null when the row has none. */
export function assessmentOfRow(row: ClientRow): AssessmentData | null {
  const data: AssessmentData = {};
  if (row.languages) data.languages = row.languages;
  if (row.schooling_years !== undefined || row.schooling_level) {
    data.schooling = { years: row.schooling_years, highestLevel: row.schooling_level };
  }
  if (row.vocational_training) data.vocationalTraining = row.vocational_training;
  if (row.degrees) data.degrees = row.degrees;
  if (row.work_experience) data.workExperience = row.work_experience;
  if (row.interests) data.interests = row.interests;
  if (row.children_count !== undefined || row.children_ages) {
    data.household = { childrenCount: row.children_count, childrenAges: row.children_ages };
  }
  return Object.keys(data).length === 0 ? null : assessmentDataSchema.parse(JSON.parse(JSON.stringify(data)));
}
