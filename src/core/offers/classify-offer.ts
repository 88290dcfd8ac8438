import type { PlanArea } from "../plans/areas.ts";

/** Words in German titles and categories that point to a plan area; the first match wins. */
const areaHints: [PlanArea, RegExp][] = [
  ["language", /sprach|deutsch|integrationskurs|alphabet|konversation|tandem/i],
  ["recognition", /anerkennung|zeugnis/i],
  ["work", /arbeit|job|beruf|bewerbung|ausbildung|praktikum|jobcenter/i],
  ["housing", /wohn|miete|wohnung/i],
  ["education", /schule|kita|bildung|hausaufgab|nachhilfe|bibliothek|studium/i],
  ["health", /gesundheit|arzt|ärzt|klinik|apotheke|psycho/i],
  ["benefits", /sozialamt|leistung|geld|schuldner/i],
  ["participation", /verein|sport|ehrenamt|treff|café|cafe|fest|musik|kultur|begegnung|frauen|jugend/i],
];

/** The plan area an Integreat offer most likely belongs to, from its German title and category; else everyday life. */
export function classifyOffer(germanTitle: string, category: string | null): PlanArea {
  const text = `${category ?? ""} ${germanTitle}`;
  return areaHints.find(([, pattern]) => pattern.test(text))?.[0] ?? "everyday";
}
