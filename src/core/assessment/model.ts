import { z } from "zod";
import type { Gender } from "../cases/model.ts";

/** Language levels after the CEFR, plus native speakers. */
export const languageLevels = ["A1", "A2", "B1", "B2", "C1", "C2", "native"] as const;

export const recognitionStates = ["none", "in_progress", "recognised", "partial", "refused"] as const;

export const healthFlags = ["disability", "chronic_illness", "mental_health_support", "pregnancy", "care_needs", "mobility_restricted"] as const;

const shortText = z.string().trim().min(1, "must not be empty").max(200);
/** ISO 639 code, e.g. "ar", "ti", "prs". */
const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, "must be a language code like ar or prs");
/** ISO 3166-1 alpha-2, e.g. "SY". */
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be a country code like SY");
const years = z.number().int().min(0).max(60);

/** The voluntary, non-sensitive part of an assessment (stored as JSON, validated when read). */
export const assessmentDataSchema = z.strictObject({
  languages: z
    .array(z.strictObject({ code: languageCode, level: z.enum(languageLevels) }))
    .max(20)
    .optional(),
  schooling: z.strictObject({ years: years.optional(), highestLevel: shortText.optional() }).optional(),
  vocationalTraining: z
    .array(z.strictObject({ title: shortText, country: countryCode.optional(), completed: z.boolean().optional() }))
    .max(20)
    .optional(),
  degrees: z
    .array(z.strictObject({ title: shortText, country: countryCode.optional(), recognition: z.enum(recognitionStates) }))
    .max(20)
    .optional(),
  workExperience: z
    .array(z.strictObject({ field: shortText, years: years }))
    .max(30)
    .optional(),
  interests: z.array(shortText).max(30).optional(),
  household: z
    .strictObject({
      childrenCount: z.number().int().min(0).max(20).optional(),
      childrenAges: z.array(z.number().int().min(0).max(30)).max(20).optional(),
    })
    .optional(),
});
export type AssessmentData = z.output<typeof assessmentDataSchema>;

/** Health details: recorded only with current consent "data_health". */
export const healthSchema = z.strictObject({
  text: z.string().trim().min(1).max(2000).optional(),
  flags: z.array(z.enum(healthFlags)).max(healthFlags.length).default([]),
});

/** Residence details: recorded only with current consent "data_residence". */
export const residenceSchema = z.strictObject({
  status: z.string().trim().min(1).max(200).optional(),
  validUntil: z.iso.date("must be a date like 2027-03-28").optional(),
});

/** The sensitive part, sealed as one JSON document (Crypto port); validated when read. */
export const sensitiveAssessmentSchema = z.strictObject({
  health: healthSchema.optional(),
  residence: residenceSchema.optional(),
});
export type SensitiveAssessment = z.output<typeof sensitiveAssessmentSchema>;
export type SensitiveCategory = keyof SensitiveAssessment;

/** As stored: `sensitive` is the sealed JSON of a SensitiveAssessment, or null when there is none. */
export interface StoredAssessment {
  clientId: string;
  data: AssessmentData;
  sensitive: string | null;
  updatedAt: Date;
  updatedBy: string;
}

/** The parts of an assessment a version names as changed: the non-sensitive data, and the client's gender. */
export const assessmentSections = ["languages", "schooling", "vocationalTraining", "degrees", "workExperience", "interests", "household", "gender"] as const;
export type AssessmentSection = (typeof assessmentSections)[number];

/**
 * One recorded change of an assessment, numbered per client from 1: the non-sensitive part as it was after the
 * change, the client's gender then, and which sections changed. Health and residence never go into a version.
 */
export interface AssessmentVersion {
  clientId: string;
  version: number;
  data: AssessmentData;
  gender: Gender | null;
  changed: AssessmentSection[];
  recordedAt: Date;
  /** A manager's id, or "import". */
  recordedBy: string;
}
