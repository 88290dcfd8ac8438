import { describe, expect, it } from "vitest";
import { parseQuickLog, type QuickLog } from "../../../../src/core/contacts/parse-quick-log.ts";
import { DomainError } from "../../../../src/core/errors.ts";
import type { ContactDayReading } from "../../../../src/core/contacts/contact-day.ts";

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseQuickLog(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_input");
    return (error as DomainError).issues;
  }
  throw new Error(`expected "${text}" to be refused`);
}

function pathsOf(text: string): string[] {
  return issuesOf(text).map((issue) => issue.path);
}

describe("parseQuickLog: the examples managers type", () => {
  it.each<[string, QuickLog]>([
    [
      "Amina 30 Hausbesuch Wohnen: Vermieter angerufen",
      { clientQuery: "Amina", durationMin: 30, kind: "home_visit", areas: ["housing"], day: null, note: "Vermieter angerufen" },
    ],
    [
      "Amina Haddad 45 home visit housing, work: called landlord",
      {
        clientQuery: "Amina Haddad",
        durationMin: 45,
        kind: "home_visit",
        areas: ["housing", "work"],
        day: null,
        note: "called landlord",
      },
    ],
    ["Yusuf 15 Telefon", { clientQuery: "Yusuf", durationMin: 15, kind: "phone", areas: [], day: null, note: null }],
    ["Yusuf tel 1h Arbeit", { clientQuery: "Yusuf", durationMin: 60, kind: "phone", areas: ["work"], day: null, note: null }],
    [
      "Mariam 1,5h Büro Sprache Arbeit: Kurs gesucht",
      { clientQuery: "Mariam", durationMin: 90, kind: "office", areas: ["language", "work"], day: null, note: "Kurs gesucht" },
    ],
  ])("reads %j", (text, expected) => {
    expect(parseQuickLog(text)).toEqual(expected);
  });
});

describe("parseQuickLog: durations", () => {
  it.each([
    ["Amina 30 Büro", 30],
    ["Amina 30min Büro", 30],
    ["Amina 30 Min. Büro", 30],
    ["Amina 30 Minuten Büro", 30],
    ["Amina 30 minutes office", 30],
    ["Amina 90m Büro", 90],
    ["Amina 1h Büro", 60],
    ["Amina 1,5h Büro", 90],
    ["Amina 1.5 h Büro", 90],
    ["Amina 1 Std Büro", 60],
    ["Amina 1 Std. Büro", 60],
    ["Amina 2 Stunden Büro", 120],
    ["Amina 1 Stunde Büro", 60],
    ["Amina 2 hours office", 120],
    ["Amina 1h 30 Büro", 90],
    ["Amina 1 Std 15 Min Büro", 75],
    ["Amina 1 Büro", 1],
    ["Amina 600 Büro", 600],
    ["Amina 10h Begleitung", 600],
    ["Amina Büro 20", 20],
  ])("reads %j as %i minutes", (text, minutes) => {
    expect(parseQuickLog(text).durationMin).toBe(minutes);
  });

  it.each([
    ["zero", "Amina 0 Büro"],
    ["more than ten hours", "Amina 601 Büro"],
    ["eleven hours", "Amina 11h Büro"],
    ["a decimal without a unit", "Amina 1,5 Büro"],
    ["two durations", "Amina 30 Büro 45"],
  ])("refuses %s", (_label, text) => {
    expect(pathsOf(text)).toEqual(["duration"]);
  });
});

describe("parseQuickLog: kinds of contact", () => {
  it.each([
    ["Hausbesuch", "home_visit"],
    ["aufsuchend", "home_visit"],
    ["home visit", "home_visit"],
    ["visit", "home_visit"],
    ["Büro", "office"],
    ["Buero", "office"],
    ["Sprechstunde", "office"],
    ["office", "office"],
    ["Telefon", "phone"],
    ["Tel.", "phone"],
    ["Anruf", "phone"],
    ["phone", "phone"],
    ["call", "phone"],
    ["phone call", "phone"],
    ["Video", "video"],
    ["Videocall", "video"],
    ["video call", "video"],
    ["Messenger", "messenger"],
    ["Chat", "messenger"],
    ["WhatsApp", "messenger"],
    ["Telegram", "messenger"],
    ["Begleitung", "accompaniment"],
    ["begleitet", "accompaniment"],
    ["accompaniment", "accompaniment"],
    ["accompanied", "accompaniment"],
  ])("reads %j", (word, kind) => {
    expect(parseQuickLog(`Amina 30 ${word}`).kind).toBe(kind);
    expect(parseQuickLog(`Amina 30 ${word.toUpperCase()}`).kind).toBe(kind);
  });

  it("accepts the same kind twice", () => {
    expect(parseQuickLog("Amina 30 Telefon Anruf").kind).toBe("phone");
  });

  it("refuses two different kinds", () => {
    expect(issuesOf("Amina 30 Telefon Hausbesuch")).toEqual([{ path: "kind", message: expect.stringContaining("phone and home_visit") }]);
  });
});

describe("parseQuickLog: areas", () => {
  it.each([
    ["Sprache", ["language"]],
    ["Deutsch", ["language"]],
    ["language", ["language"]],
    ["Arbeit", ["work"]],
    ["Job", ["work"]],
    ["work", ["work"]],
    ["Anerkennung", ["recognition"]],
    ["recognition", ["recognition"]],
    ["Wohnen", ["housing"]],
    ["Wohnung", ["housing"]],
    ["housing", ["housing"]],
    ["Schule", ["education"]],
    ["Bildung", ["education"]],
    ["Kita", ["education"]],
    ["school", ["education"]],
    ["education", ["education"]],
    ["Leistungen", ["benefits"]],
    ["benefits", ["benefits"]],
    ["Teilhabe", ["participation"]],
    ["Verein", ["participation"]],
    ["Ehrenamt", ["participation"]],
    ["participation", ["participation"]],
    ["Alltag", ["everyday"]],
    ["Behörde", ["everyday"]],
    ["Ämter", ["everyday"]],
    ["Aemter", ["everyday"]],
    ["everyday", ["everyday"]],
    ["authorities", ["everyday"]],
    ["Gesundheit", ["health"]],
    ["Arzt", ["health"]],
    ["health", ["health"]],
    ["WOHNEN,ARBEIT", ["housing", "work"]],
    ["Wohnen, Arbeit, Schule", ["housing", "work", "education"]],
    ["Sprache und Arbeit", ["language", "work"]],
    ["housing and work", ["housing", "work"]],
    ["Wohnen Wohnung housing", ["housing"]],
  ])("reads %j", (words, areas) => {
    expect(parseQuickLog(`Amina 30 Büro ${words}`).areas).toEqual(areas);
  });

  it("allows areas before the duration", () => {
    expect(parseQuickLog("Amina Telefon Wohnen 10")).toMatchObject({ kind: "phone", areas: ["housing"] });
  });
});

describe("parseQuickLog: client and note", () => {
  it("keeps the client's name as typed", () => {
    expect(parseQuickLog("Amina Al-Haddad 30 Büro").clientQuery).toBe("Amina Al-Haddad");
    expect(parseQuickLog("Öztürk 30 Büro").clientQuery).toBe("Öztürk");
  });

  it("takes everything after the first colon as the note, colons included", () => {
    expect(parseQuickLog("Amina 30 Büro: Termin 10:30 beim Jobcenter: erledigt").note).toBe("Termin 10:30 beim Jobcenter: erledigt");
  });

  it("has no note for an empty text after the colon", () => {
    expect(parseQuickLog("Amina 30 Büro:   ").note).toBeNull();
  });

  it("reads the kind and areas only before the colon", () => {
    expect(parseQuickLog("Amina 30 Büro: Telefon mit Arzt")).toMatchObject({ kind: "office", areas: [], day: null, note: "Telefon mit Arzt" });
  });
});

describe("parseQuickLog: the day of the contact", () => {
  const days: Record<string, ContactDayReading> = {
    gestern: { ok: true, day: { year: 2027, month: 3, day: 2 } },
    "3.12.": { ok: true, day: { year: 2026, month: 12, day: 3 } },
    "31.02.": { ok: false, reason: "no_such_date" },
    heute: { ok: false, reason: "future" },
  };
  const readDay = (word: string): ContactDayReading => days[word] ?? { ok: false, reason: "not_understood" };

  it("reads a day word or a date anywhere among the details, never a client's name", () => {
    expect(parseQuickLog("Omar gestern 30 Hausbesuch Wohnen", readDay)).toMatchObject({ clientQuery: "Omar", day: { year: 2027, month: 3, day: 2 } });
    expect(parseQuickLog("Omar Said 30 Telefon 3.12.", readDay)).toMatchObject({ clientQuery: "Omar Said", day: { year: 2026, month: 12, day: 3 } });
    expect(parseQuickLog("Sonntag Haddad 30 Telefon", readDay)).toMatchObject({ clientQuery: "Sonntag Haddad", day: null });
  });

  it("names a day that cannot be the contact's, and two days", () => {
    expect(issuesOf2("Omar 31.02. 30 Büro", readDay)).toEqual([{ path: "date", message: expect.stringContaining('"31.02."') }]);
    expect(issuesOf2("Omar heute 30 Büro", readDay)).toEqual([{ path: "date", message: expect.stringContaining("lies ahead") }]);
    expect(issuesOf2("Omar gestern 3.12. 30 Büro", readDay)).toEqual([{ path: "date", message: '"3.12.": give one day only' }]);
  });
});

function issuesOf2(text: string, readDay: (word: string) => ContactDayReading): { path: string; message: string }[] {
  try {
    parseQuickLog(text, readDay);
  } catch (error) {
    return (error as DomainError).issues;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("parseQuickLog: says what is missing", () => {
  it.each([
    ["the client", "30 Hausbesuch", ["client"]],
    ["the duration", "Amina Hausbesuch", ["duration"]],
    ["the kind", "Amina 30 Wohnen", ["kind"]],
    ["duration and kind", "Amina", ["duration", "kind"]],
    ["everything", "", ["client", "duration", "kind"]],
    ["everything but a note", ": nur Notiz", ["client", "duration", "kind"]],
    ["a misspelt kind", "Amina 30 Hausbeusch", ["words", "kind"]],
  ])("names %s", (_label, text, paths) => {
    expect(pathsOf(text)).toEqual(paths);
  });

  it("refuses words it does not know instead of dropping them", () => {
    expect(issuesOf("Amina 30 Büro Vermieter angerufen")).toEqual([
      { path: "words", message: expect.stringContaining('"Vermieter"') },
      { path: "words", message: expect.stringContaining('"angerufen"') },
    ]);
  });

  it("refuses a text that is far too long", () => {
    expect(pathsOf(`Amina 30 Büro: ${"x".repeat(2000)}`)).toEqual(["text"]);
  });
});
