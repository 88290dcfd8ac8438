import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { helpText } from "../support/help-text.ts";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { runCounsellingPeriodJob } from "../../src/core/counselling/period-job.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { issueVolunteerInvite } from "../../src/core/volunteers/issue-volunteer-invite.ts";
import { matchVolunteer } from "../../src/core/volunteers/match-volunteer.ts";
import { registerVolunteer } from "../../src/core/volunteers/register-volunteer.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { joinInChat } from "../support/telegram-given.ts";
import { startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * Volunteers and the counselling period through real HTTP (Telegram): the manager registers a volunteer and matches
 * her with an Arabic-speaking client, who is told in Arabic; the volunteer links with her invite and sees only her
 * match (first name and language), nothing else. Three months before the end of the counselling period the manager
 * is nudged, extends with a reason in the chat, and the supervisor is told.
 *
 * Every test runs alone: each gets a fresh app and clock and brings the world to the point of its step with
 * `givenWorld` (the manager and the supervisor linked, Amina joined) and, where needed, Zora registered and matched.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseVolunteers_xy";
const SECRET = "lotse-volunteer-secret-012345678";
const DATA_KEY = Buffer.from("lotse-e2e-volunteer-key-01234567").toString("base64");
const MANAGER = 9401;
const SUPERVISOR = 9402;
const AMINA = 9501;
const ZORA = 9601;
const arabic = /[\u0600-\u06FF]/;
const translator = createTranslator({ localesDir });
const rendered = (key: string, language: string, params?: Record<string, string>) => escapeHtml(translator.renderText(key, params, language));
const de = (key: string) => translator.renderText(key, undefined, "de");
// 29 September 2029, 10:00 in Berlin: Amina's case started on 2 January 2027, so her last day is 1 January 2030.
const START = "2029-09-29T08:00:00Z";

let clock: FakeClock;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  app = started.app;
  chat = new TelegramDriver(started, SECRET, 950_000);
  stopApp = started.stop;
});

afterEach(async () => {
  await stopApp?.();
  stopApp = undefined;
});

// ---- Given: the world a step needs, built by the test itself -------------------------------------------------------

/**
 * A manager and a supervisor linked in their chats; Amina (in counselling since 2 January 2027) joins in Arabic.
 * Eva hears that Amina can be reached now (a message of its own): waited for, so it does not land in a later step.
 */
async function givenWorld() {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Ehrenamtsheim" });
  const municipality = await addMunicipality(app.deps, operator, { tenantId: tenant.id, name: "Plochingen" });
  const eva = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [municipality.id] });
  const sabine = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Sabine Aufsicht", role: "supervisor" });
  await chat.say(MANAGER, `/start ${eva.invite.code}`, "de");
  await chat.say(SUPERVISOR, `/start ${sabine.invite.code}`, "de");
  const manager: Actor = { kind: "staff", managerId: eva.manager.id, tenantId: tenant.id, role: "manager" };
  const created = await createClient(app.deps, manager, {
    name: "Amina Haddad",
    language: "ar",
    municipalityId: municipality.id,
    caseStartedAt: "2027-01-02T09:00:00Z",
  });
  const welcome = await joinInChat(chat, AMINA, created.invite.code, "ar", { chatId: MANAGER, translator });
  return { manager, municipalityId: municipality.id, aminaId: created.client.id, welcome };
}

/** Zora in the register (as /volunteeradd puts her there), matched with Amina for a language tandem (as /match does). */
async function givenZoraMatched(manager: Actor, municipalityId: string, aminaId: string): Promise<void> {
  const zora = await registerVolunteer(app.deps, manager, {
    municipalityId,
    name: "Zora Weber",
    languages: ["ar"],
    offers: ["language_tandem"],
    availability: "montags abends",
    consent: true,
  });
  await matchVolunteer(app.deps, manager, { clientId: aminaId, volunteerId: zora.id, offer: "language_tandem", contactWay: "volunteer_calls" });
}

describe("volunteers and the counselling period in Telegram", () => {
  it("a manager and a supervisor link; Amina joins in Arabic", async () => {
    const { welcome } = await givenWorld();
    expect(textOf(welcome.at(-1))).toBe(rendered("client.welcome", "ar"));
  });

  it("/volunteeradd registers Zora with her consent; /match tells Amina in Arabic", async () => {
    await givenWorld();
    await chat.say(MANAGER, "/volunteeradd");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "Plochingen"));
    await chat.say(MANAGER, "Zora Weber");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "العربية"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.done")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.offer.language_tandem")));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.done")));
    await chat.say(MANAGER, "montags abends");
    const added = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.yes")));
    expect(textOf(added.at(-1))).toBe(rendered("manager_volunteers.add.done", "de", { name: "Zora Weber" }));

    await chat.say(MANAGER, "/match");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "Amina Haddad"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.offer.language_tandem")));
    const zora = chat.button(MANAGER, (b) => b.text.startsWith("★ Zora Weber"), "Zora as a speaker of Arabic");
    await chat.press(MANAGER, zora);
    const from = chat.chatSends(AMINA).length;
    const done = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.contact.volunteer_calls")));
    const matched = { client: "Amina Haddad", volunteer: "Zora Weber" };
    expect(textOf(done.at(-1))).toBe(
      `${rendered("manager_volunteers.match.done", "de", matched)}\n\n${rendered("manager_volunteers.match.volunteer_not_told", "de", matched)}`,
    );
    const told = await chat.nextTo(AMINA, from, "the match notice");
    expect(textOf(told)).toBe(rendered("volunteers.matched.volunteer_calls", "ar", { name: "Zora" }));
    expect(textOf(told)).toMatch(arabic);
    expect(textOf(told)).not.toContain("Weber");
  });

  it("Zora links with her invite and sees only Amina's first name and language", async () => {
    const { manager, municipalityId, aminaId } = await givenWorld();
    await givenZoraMatched(manager, municipalityId, aminaId);
    const volunteerId =
      (
        await app.store.volunteers.listForMunicipalities(
          (await app.store.municipalities.listByTenant(manager.kind === "staff" ? manager.tenantId : "")).map((m) => m.id),
        )
      )[0]?.id ?? "";
    const invite = await issueVolunteerInvite(app.deps, manager, { volunteerId });
    const [welcome] = await chat.say(ZORA, `/start ${invite.code}`, "de");
    expect(textOf(welcome)).toBe(rendered("volunteers.volunteer.welcome", "de", { name: "Zora Weber" }));
    const [matches] = await chat.say(ZORA, "/matches", "de");
    expect(textOf(matches)).toContain("Amina (");
    expect(textOf(matches)).toContain("العربية");
    expect(textOf(matches)).not.toContain("Haddad");
    for (const attempt of ["/plan Amina", "/clients", "/appointments", "/mydata"]) {
      const [reply] = await chat.say(ZORA, attempt, "de");
      expect(textOf(reply)).toBe(escapeHtml(helpText(translator, "volunteer", "de")));
    }
  });

  it("Zora, linked in Arabic, is told of her new match in her chat: Amina's first name and language, Eva's name", async () => {
    const { manager, municipalityId, aminaId } = await givenWorld();
    const zora = await registerVolunteer(app.deps, manager, {
      municipalityId,
      name: "Zora Weber",
      languages: ["ar", "de"],
      offers: ["language_tandem"],
      availability: "montags abends",
      consent: true,
    });
    const invite = await issueVolunteerInvite(app.deps, manager, { volunteerId: zora.id });
    await chat.say(ZORA, `/start ${invite.code}`, "ar");
    const from = chat.chatSends(ZORA).length;
    const recorded = await matchVolunteer(app.deps, manager, {
      clientId: aminaId,
      volunteerId: zora.id,
      offer: "language_tandem",
      contactWay: "volunteer_calls",
    });
    expect(recorded.volunteerTold).toBe(true);
    const told = await chat.nextTo(ZORA, from, "the volunteer's match notice");
    expect(textOf(told)).toBe(rendered("volunteers.volunteer.matched", "ar", { firstName: "Amina", language: "العربية", manager: "Eva Muster" }));
    expect(textOf(told)).not.toContain("Haddad");
  });

  it("three months before the end the manager is nudged; /extend with a reason; the supervisor is told", async () => {
    const { aminaId } = await givenWorld();
    const from = chat.chatSends(MANAGER).length;
    clock.set("2029-10-02T08:00:00Z");
    expect(await runCounsellingPeriodJob(app.deps)).toMatchObject({ nudged: 1 });
    const nudge = await chat.nextTo(MANAGER, from, "the three-month nudge");
    expect(textOf(nudge)).toContain("Amina Haddad");
    expect(textOf(nudge)).toContain("1. Januar 2030");
    expect(textOf(nudge)).toContain("endet in 91 Tagen"); // the time left as it is, counted on the day it is read

    await chat.say(MANAGER, "/extend");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "Amina Haddad"));
    const supervisorFrom = chat.chatSends(SUPERVISOR).length;
    const done = await chat.say(MANAGER, "Ausbildung zur Pflegehelferin beginnt im Januar, Begleitung nötig");
    expect(textOf(done.at(-1))).toContain("1. Januar 2031");
    expect(await app.store.counsellingExtensions.listForClient(aminaId)).toHaveLength(1);
    const told = await chat.nextTo(SUPERVISOR, supervisorFrom, "the supervisor's notice");
    expect(textOf(told)).toContain("Amina Haddad");
    // The supervisor's /periods: the tenant's counts first, then the extended case with its reason.
    const [overview, periods] = await chat.say(SUPERVISOR, "/periods", "de");
    expect(textOf(overview)).toContain("verlängert 1");
    expect(textOf(periods)).toContain("Ausbildung zur Pflegehelferin beginnt im Januar");
  });
});
