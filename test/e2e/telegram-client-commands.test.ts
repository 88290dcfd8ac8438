import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { helpText } from "../support/help-text.ts";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { commandMenu } from "../../src/bots/telegram/commands-menu.ts";
import { operator } from "../../src/core/actor.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { languageOwnNames } from "../../src/core/shared/languages.ts";
import { createTranslator, escapeHtml, formatInstant } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";
import { noRefusedCallsThenStop } from "../support/telegram-given.ts";

/**
 * Every client command, and a stranger's /start, through real HTTP against the fake Bot API. Every test runs alone:
 * each gets a fresh app and clock with Eva linked, and has Yusuf join (`givenYusuf`) when it needs him.
 */

const TOKEN = "123456789:AAFakeTokenForTheClientCommandTests_";
const SECRET = "lotse-client-commands-secret-01234";
const DATA_KEY = Buffer.from("lotse-e2e-client-key-0123456789a").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const START = "2027-03-01T09:00:00Z";

const MANAGER = 8401;
const YUSUF = 8402;
const OLENA = 8403;
const STRANGER = 8404;
const SELAM = 8405;
const arabic = /[\u0600-\u06FF]/;

const translator = createTranslator({ localesDir });
const rendered = (key: string, language: string, params?: Record<string, string | number>) => escapeHtml(translator.renderText(key, params, language));

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;
let manager: Manager;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ fake, app } = started);
  chat = new TelegramDriver(started, SECRET, 950_000);
  stopApp = started.stop;
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Klientheim" });
  const added = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  manager = added.manager;
  await chat.say(MANAGER, `/start ${added.invite.code}`, "de");
});

afterEach(async () => {
  const stop = stopApp;
  stopApp = undefined;
  await noRefusedCallsThenStop(fake, stop);
});

/** A client created by the manager joins: /start <code> → language → consent → welcome. */
async function join(userId: number, name: string, language: string): Promise<{ clientId: string; welcome: string }> {
  const { client, invite } = await createClient(app.deps, staffActor(manager), { name, language });
  await chat.say(userId, `/start ${invite.code}`, language);
  await chat.press(userId, `v1|lng|${language}`);
  await chat.press(userId, "v1|cns|a");
  const welcome = await chat.press(userId, "v1|cck|a");
  return { clientId: client.id, welcome: textOf(welcome.at(-1)) };
}

/** Yusuf, Eva's client, joined in Arabic; returns his client id. */
const givenYusuf = async (): Promise<string> => (await join(YUSUF, "Yusuf Haddad", "ar")).clientId;

const lastText = (calls: { params: Record<string, unknown> }[]) => textOf(calls.at(-1) as never);

describe("Telegram: a stranger", () => {
  it("/start without a code, or with a wrong one, is answered in their language and nothing is stored", async () => {
    const [intro] = await chat.say(STRANGER, "/start", "fa");
    expect(textOf(intro)).toBe(rendered("client.stranger.intro", "fa"));
    const wrong = await chat.say(STRANGER, "/start NOT-A-CODE-123", "fa");
    expect(wrong).toHaveLength(2);
    expect(textOf(wrong[0])).toBe(rendered("errors.invite_invalid", "fa"));
    expect(lastText(wrong)).toBe(rendered("client.stranger.intro", "fa"));
    expect(wrong.every((call) => /[\u0600-\u06FF]/.test(textOf(call)))).toBe(true);
    expect(await app.store.identities.findByExternal("telegram", String(STRANGER))).toBeNull();
    // No menu of its own: the stranger sees the default one for their language.
    expect(fake.menu(`chat:${STRANGER}`)).toBeUndefined();
    expect(fake.menu("default:fa")).toEqual(commandMenu("client", "fa", translator));
  });
});

describe("Telegram client commands", () => {
  it("/start <code> joins: language (preselected) → consent → welcome; the chat gets the client commands in Arabic", async () => {
    const joined = await join(YUSUF, "Yusuf Haddad", "ar");
    expect(joined.welcome).toBe(rendered("client.welcome", "ar"));
    const menu = await chat.eventually("Yusuf's menu", () => fake.menu(`chat:${YUSUF}`));
    expect(menu).toEqual(commandMenu("client", "ar", translator));
    expect(menu.every((entry) => arabic.test(entry.description))).toBe(true);
  });

  it("/appointments: none, then the booked one with answer buttons; confirming thanks the client", async () => {
    const yusufId = await givenYusuf();
    expect(lastText(await chat.say(YUSUF, "/appointments"))).toBe(rendered("client.appointments.none", "ar"));
    const before = chat.chatSends(YUSUF).length;
    const appointment = await createAppointment(app.deps, staffActor(manager), { clientIds: [yusufId], startsAt: "2027-03-05T09:00:00Z", place: "Rathaus" });
    await chat.noticeTo(YUSUF, before, "the appointment notice");
    const [item] = await chat.say(YUSUF, "/appointments");
    expect(textOf(item)).toMatch(arabic);
    expect(textOf(item)).toContain("Rathaus");
    // Each answer is bound to the time the notice shows (minutes since 1970, base 36).
    const version = Math.floor(appointment.startsAt.getTime() / 60_000).toString(36);
    expect(buttonsOf(item).map((b) => b.callback_data)).toEqual(["c", "x", "o"].map((code) => `v1|apc|${appointment.id}|${code}|${version}`));
    const [thanks] = await chat.press(YUSUF, `v1|apc|${appointment.id}|c|${version}`);
    expect(textOf(thanks)).toBe(rendered("client.appointment.answer.confirm", "ar"));
  });

  it("/plan: goals and steps in Arabic with check-in buttons; an answer is thanked", async () => {
    const yusufId = await givenYusuf();
    const actor = staffActor(manager);
    const plan = await createPlan(app.deps, actor, { clientId: yusufId });
    const goal = await addGoal(app.deps, actor, { planId: plan.id, area: "language", text: "Deutsch lernen" });
    const { step } = await addStep(app.deps, actor, {
      goalId: goal.id,
      catalogueKey: "register_integration_course",
      params: { provider: "VHS Göppingen" },
      note: "geheime Notiz",
    });
    const shown = await chat.say(YUSUF, "/plan");
    const all = shown.map(textOf).join("\n");
    expect(all).toMatch(arabic);
    expect(all).toContain("VHS Göppingen");
    expect(all).not.toContain("geheime Notiz");
    const withButtons = shown.find((call) => buttonsOf(call).length > 0);
    expect(buttonsOf(withButtons).map((b) => b.callback_data)).toEqual(["d", "p", "h"].map((code) => `v1|pci|${step.id}|${code}`));
    expect(buttonsOf(withButtons).map((b) => b.text)).toEqual(
      ["done", "in_progress", "need_help"].map((answer) => translator.renderText(`actions.checkin.${answer}`, undefined, "ar")),
    );
    const [thanks] = await chat.press(YUSUF, `v1|pci|${step.id}|p`);
    expect(textOf(thanks)).toBe(rendered("client.checkin.answer.in_progress", "ar"));
  });

  it.each([
    { language: "ar", userId: YUSUF, name: "Yusuf Haddad", script: /\p{Script=Arabic}/u },
    { language: "ti", userId: SELAM, name: "Selam Tesfay", script: /\p{Script=Ethiopic}/u },
  ])(
    "/plan in $language: the manager's catalogue goal, the step with the child's name and its due day, all in the client's language; the check-in names the child",
    async ({ language, userId, name, script }) => {
      const managerBefore = chat.chatSends(MANAGER).length;
      const { clientId } = await join(userId, name, language);
      // The manager's notice that the client can be reached comes from the outbox: awaited, so that it does not land
      // in the middle of the plan's questions.
      await chat.eventually("the manager's notice", () =>
        chat
          .chatSends(MANAGER)
          .slice(managerBefore)
          .find((call) => textOf(call).includes(name)),
      );
      // The manager builds the plan in the chat: a goal from the catalogue, its step with Sara's name and a due day.
      const de = (key: string, params?: Record<string, string>) => translator.renderText(key, params, "de");
      await chat.say(MANAGER, `/plan ${name.split(" ")[0] ?? name}`);
      await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager.plan.create_button")));
      await chat.press(MANAGER, chat.buttonByText(MANAGER, de("areas.education")));
      await chat.press(MANAGER, chat.buttonByText(MANAGER, de("goals.children_in_school_or_kita")));
      await chat.press(MANAGER, chat.buttonByText(MANAGER, de("catalogue.enrol_child_school.title", { childName: "…" })));
      await chat.say(MANAGER, "Sara");
      await chat.say(MANAGER, "18.3.");
      const plan = await app.store.plans.findForClient(clientId);
      const [goal] = await app.store.goals.listForPlan(plan?.id ?? "");
      expect(goal).toMatchObject({ catalogueKey: "children_in_school_or_kita" });

      const shown = (await chat.say(userId, "/plan")).map(textOf).join("\n");
      expect(shown).toContain(escapeHtml(translator.renderText("goals.children_in_school_or_kita", undefined, language)));
      expect(shown).toContain("Sara");
      expect(shown).toContain(formatInstant("2027-03-18T22:59:00.000Z", "date", { language, zone: "Europe/Berlin" }) ?? "no date");
      // Nothing left to fill in, nothing in German or English: every letter but the child's name is in the client's script.
      expect(shown).not.toContain("…");
      const letters = [...shown.replaceAll("Sara", "").matchAll(/\p{L}/gu)].map((match) => match[0]);
      expect(letters.filter((letter) => !script.test(letter))).toEqual([]);

      // Two weeks later (the catalogue's rhythm for a school enrolment) the check-in names the child too.
      const before = chat.chatSends(userId).length;
      clock.advance(14 * 24 * 60 * 60 * 1000);
      const checkIn = textOf(await chat.nextTo(userId, before, "the check-in"));
      expect(checkIn).toContain("Sara");
      expect(checkIn).not.toContain("…");
      expect(checkIn).toMatch(script);
    },
  );

  it("/mydata: a readable summary and the data as a JSON document", async () => {
    await givenYusuf();
    const replies = await chat.say(YUSUF, "/mydata");
    expect(textOf(replies[0])).toMatch(arabic);
    const document = await chat.eventually("the JSON document", () => chat.chatSends(YUSUF).find((call) => call.method === "sendDocument"));
    expect(document.files.document?.fileName).toBe("lotse-data.json");
    const data = JSON.parse(document.files.document?.bytes.toString("utf8") ?? "{}") as { client?: { name?: string } };
    expect(data.client?.name).toBe("Yusuf Haddad");
  });

  it("a photo, voice message or document is offered to the manager by name in Arabic; a sticker gets 'please use text'; nothing goes before 'yes'", async () => {
    const yusufId = await givenYusuf();
    const files: Record<string, unknown>[] = [
      { photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }] },
      { voice: { file_id: "v", file_unique_id: "v", duration: 2 } },
      { document: { file_id: "d", file_unique_id: "d", file_name: "pass.pdf" } },
    ];
    for (const fields of files) {
      const before = chat.chatSends(YUSUF).length;
      await chat.message(YUSUF, fields);
      const answer = await chat.nextTo(YUSUF, before);
      expect(textOf(answer)).toContain(rendered("client.conversation.ask", "ar", { manager: "Eva Muster" }));
      expect(buttonsOf(answer).map((b) => b.text)).toEqual([
        rendered("actions.conversation.pass", "ar", { manager: "Eva Muster" }),
        rendered("actions.conversation.keep", "ar"),
      ]);
    }
    const before = chat.chatSends(YUSUF).length;
    await chat.message(YUSUF, {
      sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
    });
    expect(textOf(await chat.nextTo(YUSUF, before))).toBe(rendered("commands.unsupported", "ar"));
    expect(await app.store.conversations.listOpenForManager(manager.id)).toEqual([]);
    const identity = await app.store.identities.findByExternal("telegram", String(YUSUF));
    expect(identity?.clientId).toBe(yusufId);
  });

  it("/language shows every language in its own name and script; a choice changes the texts and the menu", async () => {
    await givenYusuf();
    const [picker] = await chat.say(YUSUF, "/language");
    const labels = buttonsOf(picker).map((b) => b.text);
    expect(labels).toHaveLength(13);
    for (const name of Object.values(languageOwnNames)) expect(labels.some((label) => label.includes(name))).toBe(true);
    expect(labels[0]).toContain("العربية");
    await chat.press(YUSUF, "v1|lng|en");
    expect(lastText(await chat.say(YUSUF, "/help"))).toBe(escapeHtml(helpText(translator, "client", "en")));
    await chat.eventually("the English menu", () => JSON.stringify(fake.menu(`chat:${YUSUF}`)) === JSON.stringify(commandMenu("client", "en", translator)));
    await chat.say(YUSUF, "/language");
    await chat.press(YUSUF, "v1|lng|ar");
    await chat.eventually(
      "the Arabic menu again",
      () => JSON.stringify(fake.menu(`chat:${YUSUF}`)) === JSON.stringify(commandMenu("client", "ar", translator)),
    );
  });

  it("/help lists the client commands in Arabic", async () => {
    await givenYusuf();
    expect(lastText(await chat.say(YUSUF, "/help"))).toBe(escapeHtml(helpText(translator, "client", "ar")));
  });

  it("/delete asks first; no keeps everything, yes starts the erasure", async () => {
    const yusufId = await givenYusuf();
    const question = await chat.say(YUSUF, "/delete");
    expect(buttonsOf(question.at(-1)).map((b) => b.callback_data)).toEqual(["v1|del|y", "v1|del|n"]);
    const [kept] = await chat.press(YUSUF, "v1|del|n");
    expect(kept?.method).toBe("editMessageText");
    expect(textOf(kept)).toBe(rendered("client.delete.kept", "ar"));
    expect(await app.store.escalations.listForClient(yusufId)).toEqual([]);
    await chat.say(YUSUF, "/delete");
    const [requested] = await chat.press(YUSUF, "v1|del|y");
    expect(textOf(requested)).toMatch(arabic);
    expect((await app.store.escalations.listForClient(yusufId)).map((e) => e.kind)).toEqual(["erasure_requested"]);
  });

  it("/stop asks once, then nothing more reaches the client", async () => {
    const yusufId = await givenYusuf();
    const olena = await join(OLENA, "Olena Koval", "uk");
    const question = await chat.say(YUSUF, "/stop");
    expect(buttonsOf(question.at(-1)).map((b) => b.callback_data)).toEqual(["v1|stp|c", "v1|stp|y", "v1|stp|n"]);
    const [done] = await chat.press(YUSUF, "v1|stp|y");
    expect(textOf(done)).toBe(rendered("client.stop.done", "ar"));
    const silentFrom = chat.chatSends(YUSUF).length;
    await createAppointment(app.deps, staffActor(manager), { clientIds: [yusufId], startsAt: "2027-03-08T09:00:00Z", place: "Jobcenter" });
    const olenaBefore = chat.chatSends(OLENA).length;
    await createAppointment(app.deps, staffActor(manager), { clientIds: [olena.clientId], startsAt: "2027-03-08T10:00:00Z", place: "Sprachschule" });
    // Once Olena's notice went out, Yusuf's would have too.
    await chat.noticeTo(OLENA, olenaBefore, "Olena's notice");
    expect(chat.chatSends(YUSUF).slice(silentFrom)).toEqual([]);
    expect(await app.store.outbox.listPendingForRecipient("client", yusufId)).toEqual([]);
  });
});
