import { z } from "zod";
import { DomainError } from "../errors.ts";
import type { PlanArea } from "./areas.ts";

/**
 * Standard steps of an integration plan. A plan step refers to a catalogue key plus parameters, so a client
 * can read it in their own language: titles and hints live in `locales/<lang>/catalogue.json`, where a title
 * uses the step's parameters as `{{name}}` placeholders. Keys are stored in the database: never rename one.
 */

export const paramKinds = ["text", "date", "place"] as const;
export type ParamKind = (typeof paramKinds)[number];

export interface ParamSpec {
  name: string;
  kind: ParamKind;
}

export const stepResponsibles = ["client", "manager", "volunteer", "service"] as const;
export type StepResponsible = (typeof stepResponsibles)[number];

export interface CatalogueStep {
  key: string;
  area: PlanArea;
  params: readonly ParamSpec[];
  defaultResponsible: StepResponsible;
  /** Days between check-ins while the step is open; null when the step has no regular check-in. */
  defaultCadenceDays: number | null;
}

const none: readonly ParamSpec[] = [];
const text = (name: string): ParamSpec => ({ name, kind: "text" });
const date = (name: string): ParamSpec => ({ name, kind: "date" });
const place = (name: string): ParamSpec => ({ name, kind: "place" });

function step(
  key: string,
  area: PlanArea,
  params: readonly ParamSpec[],
  defaultResponsible: StepResponsible,
  defaultCadenceDays: number | null,
): CatalogueStep {
  return { key, area, params, defaultResponsible, defaultCadenceDays };
}

export const stepCatalogue: readonly CatalogueStep[] = [
  // language (Spracherwerb)
  step("apply_course_admission", "language", none, "client", 14),
  step("register_integration_course", "language", [place("provider")], "client", 14),
  step("attend_integration_course", "language", none, "client", 30),
  step("apply_travel_cost_subsidy", "language", none, "client", 14),
  step("take_dtz_exam", "language", [date("examDate")], "client", null),
  step("register_job_language_course", "language", none, "client", 14),
  step("join_language_cafe", "language", [place("place")], "client", 30),

  // work (Arbeitsmarktintegration)
  step("register_employment_agency", "work", none, "client", 14),
  step("get_career_counselling", "work", none, "service", 14),
  step("take_skills_assessment", "work", none, "service", 30),
  step("write_cv", "work", none, "volunteer", 14),
  step("apply_for_jobs", "work", [text("profession")], "client", 14),
  step("find_internship", "work", none, "client", 14),

  // recognition (Anerkennung)
  step("get_recognition_counselling", "recognition", none, "service", 14),
  step("collect_certificates", "recognition", none, "client", 14),
  step("translate_certificates", "recognition", none, "client", 14),
  step("apply_recognition", "recognition", [text("profession")], "client", 30),
  step("recognise_school_certificate", "recognition", none, "client", 30),
  step("take_adaptation_qualification", "recognition", [text("profession")], "client", 30),

  // housing (Wohnen)
  step("apply_housing_entitlement", "housing", none, "client", 14),
  step("register_housing_associations", "housing", none, "client", 30),
  step("search_flats", "housing", [place("place")], "client", 7),
  step("view_flat", "housing", [place("address"), date("visitDate")], "client", null),
  step("get_rent_approval", "housing", none, "client", 7),
  step("apply_initial_furnishing", "housing", none, "client", 14),

  // school and education (Schule und Bildung)
  step("enrol_child_school", "education", [text("childName")], "client", 14),
  step("join_preparation_class", "education", [text("childName")], "client", 14),
  step("find_kita_place", "education", [text("childName")], "client", 14),
  step("attend_parent_meeting", "education", [text("childName"), date("meetingDate")], "client", null),
  step("find_homework_help", "education", [text("childName")], "volunteer", 14),
  step("contact_youth_career_help", "education", [text("personName")], "client", 14),
  step("find_apprenticeship", "education", [text("profession")], "client", 14),

  // independence from public benefits
  step("register_jobcenter", "benefits", none, "client", 14),
  step("submit_continuation_application", "benefits", none, "client", 14),
  step("report_income_change", "benefits", none, "client", 7),
  step("apply_kindergeld", "benefits", none, "client", 14),
  step("apply_child_supplement", "benefits", none, "client", 14),
  step("apply_housing_benefit", "benefits", none, "client", 14),
  step("apply_education_participation", "benefits", [text("childName")], "client", 14),
  step("make_household_budget", "benefits", none, "volunteer", 30),

  // civic participation (Teilhabe, Ehrenamt)
  step("meet_volunteer", "participation", none, "manager", 14),
  step("join_club", "participation", [text("club")], "client", 30),
  step("visit_meeting_place", "participation", [place("place")], "client", 30),
  step("attend_local_event", "participation", [text("event")], "client", null),
  step("get_library_card", "participation", [place("place")], "client", 30),
  step("start_volunteering", "participation", none, "client", 30),

  // everyday life and authorities (Alltag und Behörden)
  step("register_address", "everyday", none, "client", 7),
  step("open_bank_account", "everyday", none, "client", 14),
  step("get_broadcast_fee_exemption", "everyday", none, "client", 14),
  step("get_liability_insurance", "everyday", none, "client", 30),
  step("get_transport_ticket", "everyday", none, "client", 14),
  step("sort_official_letters", "everyday", none, "volunteer", 30),
  step("convert_driving_licence", "everyday", none, "client", 30),

  // health (Gesundheit)
  step("get_health_insurance_card", "health", none, "client", 14),
  step("find_family_doctor", "health", none, "client", 14),
  step("find_paediatrician", "health", [text("childName")], "client", 14),
  step("book_child_checkup", "health", [text("childName")], "client", 30),
  step("check_vaccinations", "health", none, "client", 30),
  step("find_dentist", "health", none, "client", 30),
  step("contact_counselling_centre", "health", none, "client", 14),
];

const stepsByKey = new Map(stepCatalogue.map((entry) => [entry.key, entry]));

export function findCatalogueStep(key: string): CatalogueStep | undefined {
  return stepsByKey.get(key);
}

export function catalogueStepsByArea(area: PlanArea): readonly CatalogueStep[] {
  return stepCatalogue.filter((entry) => entry.area === area);
}

const paramValueSchemas = {
  text: z.string().trim().min(1, "must not be empty").max(120),
  date: z.iso.date("must be a date like 2027-03-28"),
  place: z.string().trim().min(1, "must not be empty").max(200),
} as const satisfies Record<ParamKind, z.ZodType<string>>;

export type CatalogueStepParamsSchema = z.ZodObject<Record<string, z.ZodType<string>>, z.core.$strict>;

/**
 * The schema for a step's parameters: exactly the declared names, each required. Throws `invalid_input`
 * for a key that is not in the catalogue.
 */
export function catalogueStepParamsSchema(key: string): CatalogueStepParamsSchema {
  const entry = findCatalogueStep(key);
  if (!entry) {
    throw new DomainError("invalid_input", `unknown catalogue step ${key}`, [{ path: "stepKey", message: "unknown catalogue step" }]);
  }
  const shape: Record<string, z.ZodType<string>> = {};
  for (const param of entry.params) shape[param.name] = paramValueSchemas[param.kind];
  return z.strictObject(shape);
}
