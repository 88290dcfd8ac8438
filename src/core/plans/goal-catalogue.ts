import type { PlanArea } from "./areas.ts";

/**
 * Standard goals of an integration plan, per area. A goal refers to a catalogue key, so a client reads it in their
 * own language (`locales/<lang>/goals.json`); the manager may add a German note, which only staff read. A goal the
 * manager words freely is possible, but a client then reads its area, never a German sentence presented as theirs.
 * Keys are stored in the database: never rename one.
 */

export interface CatalogueGoal {
  key: string;
  area: PlanArea;
}

const goal = (key: string, area: PlanArea): CatalogueGoal => ({ key, area });

export const goalCatalogue: readonly CatalogueGoal[] = [
  goal("german_a2", "language"),
  goal("german_b1", "language"),
  goal("german_for_work", "language"),
  goal("finish_integration_course", "language"),

  goal("find_job", "work"),
  goal("start_apprenticeship", "work"),
  goal("clarify_career", "work"),

  goal("recognise_qualification", "recognition"),
  goal("recognise_school_leaving", "recognition"),

  goal("own_flat", "housing"),
  goal("settle_in_flat", "housing"),

  goal("children_in_school_or_kita", "education"),
  goal("children_learn_well", "education"),
  goal("own_school_qualification", "education"),

  goal("secure_benefits", "benefits"),
  goal("live_without_benefits", "benefits"),
  goal("manage_money", "benefits"),

  goal("local_contacts", "participation"),
  goal("join_club_life", "participation"),
  goal("volunteer", "participation"),

  goal("handle_offices_alone", "everyday"),
  goal("get_around_alone", "everyday"),

  goal("medical_care", "health"),
  goal("children_health_checks", "health"),
  goal("mental_wellbeing", "health"),
];

const goalsByKey = new Map(goalCatalogue.map((entry) => [entry.key, entry]));

export function findCatalogueGoal(key: string): CatalogueGoal | undefined {
  return goalsByKey.get(key);
}

export function catalogueGoalsByArea(area: PlanArea): readonly CatalogueGoal[] {
  return goalCatalogue.filter((entry) => entry.area === area);
}

/** The message key of a catalogue goal's title. */
export const goalTitleKey = (key: string): string => `goals.${key}`;
