import { existsSync, readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir, type App, type AppOptions } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { recordAssessment } from "../../src/core/assessment/record-assessment.ts";
import { giveConsent } from "../../src/core/consent/give-consent.ts";
import { handOverCase } from "../../src/core/handover/hand-over-case.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { inviteCodeOf, newClientInChat } from "../support/new-client-chat.ts";
import { buttonsOf, startTelegramTestApp, type Button, type TelegramTestApp } from "../support/telegram-app.ts";

/**
 * The privacy canary, through real HTTP: distinctive note texts, health and residence details are written into
 * a case; then every flow that sends messages runs (appointment notice and answer, reminders, check-ins and the
 * "I need help" escalation, a handover, the client card, agenda and reviews, the client's plan, appointments and
 * data export, the supervisor's report, an erasure request). None of the strings may appear in any call the fake
 * Bot API received (texts, captions, buttons, uploaded files), nor in any log line, nor in the database file.
 *
 * One app and one story for the file: setting up, writing the canaries and running the flows are steps that run once,
 * started by whichever test needs them first (`once`). So every test runs alone, and each check looks at everything
 * the whole story sent, logged and stored.
 */

const CANARY = {
  contactNote: "KANARIE-KONTAKT-7Q2 Vermieter droht mit Kündigung",
  stepNote: "KANARIE-SCHRITT-9X4 Kinderbetreuung ungeklärt",
  handoverNote: "KANARIE-UEBERGABE-3M8 Konflikt mit Nachbarn",
  health: "KANARIE-GESUNDHEIT-5R1 Diabetes Typ 1",
  residence: "KANARIE-AUFENTHALT-8T6 Duldung",
};
const canaries = Object.values(CANARY);

const TOKEN = "123456789:AAFakeTokenForLotsePrivacyCanary_";
const SECRET = "lotse-canary-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-canary-key-0123456789a").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const DEADLINE_MS = 10_000;

const EVA = 9301;
const JONAS = 9302;
const SABINE = 9303;
const AMINA = 9401;

const translator = createTranslator({ localesDir });
const clock = new FakeClock("2027-03-01T08:00:00Z");
const logLines: string[] = [];
let started: TelegramTestApp;
let fake: FakeTelegram;
let app: App;
let nextUpdateId = 950_000;
let nextMessageId = 1;
const languageOf = new Map<number, string>();

const person = (id: number) => ({ id, is_bot: false, first_name: `User${id}`, language_code: languageOf.get(id) ?? "de" });
const privateChat = (id: number) => ({ id, type: "private", first_name: `User${id}` });

async function post(update: unknown): Promise<void> {
  const response = await fetch(`${started.address}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

const chatSends = (chatId: number): ApiCall[] => fake.sends().filter((call) => call.params.chat_id === chatId);

async function eventually<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function say(userId: number, text: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] : undefined;
  await post({
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(userId),
      from: person(userId),
      text,
      ...(entities ? { entities } : {}),
    },
  });
  await eventually(`a reply to ${userId} after ${text}`, () => chatSends(userId)[before]);
  return chatSends(userId).slice(before);
}

async function press(userId: number, data: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  await post({
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq-${nextUpdateId}`,
      from: person(userId),
      chat_instance: `ci-${userId}`,
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: privateChat(userId), from: { id: 1, is_bot: true, first_name: "Lotse" }, text: "…" },
    },
  });
  await eventually(`a reply to ${userId} after ${data}`, () => chatSends(userId)[before]);
  return chatSends(userId).slice(before);
}

function button(chatId: number, match: (b: Button) => boolean, what: string): string {
  for (const call of [...chatSends(chatId)].reverse()) {
    const found = buttonsOf(call).find(match);
    if (found?.callback_data) return found.callback_data;
  }
  throw new Error(`no button ${what} for ${chatId}`);
}

/** Waits until every outbox row due by the fake clock has left the queue (sent, failed or cancelled). */
async function outboxDrained(): Promise<void> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const due = await app.store.db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] }, dueAt: { lte: clock.now() } } });
    if (due === 0) return;
    if (Date.now() > until) throw new Error(`${due} due outbox rows not dispatched`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Everything the fake Bot API received: parameters (texts, captions, buttons) and the bytes of uploaded files. */
const everythingSent = () =>
  fake.calls
    .map(
      (call) =>
        JSON.stringify(call.params) +
        Object.values(call.files)
          .map((file) => file.bytes.toString("utf8"))
          .join(""),
    )
    .join("\n");

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(
        ...chunk
          .toString("utf8")
          .split("\n")
          .filter((line) => line !== ""),
      );
      done();
    },
  });
  const options: AppOptions = {
    logger: createLogger("trace", sink),
    clock,
    translator,
    telegramFloodLimit: { max: 500, windowMs: 10_000 },
  };
  started = await startTelegramTestApp({ token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL }, options);
  ({ fake, app } = started);
});

afterAll(async () => {
  await started?.stop();
});

/** Runs `step` once for the file, whichever test asks first; every later caller gets the same result. */
function once<T>(step: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= step());
}

/** A team (Eva, Jonas, the supervisor Sabine) linked in their chats; Eva creates Amina, who joins in Arabic. */
const teamAndClient = once(async () => {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Kanarienhof" });
  const evaAdded = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  const jonasAdded = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Jonas Beispiel" });
  const sabineAdded = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Sabine Aufsicht", role: "supervisor" });
  const eva: Actor = { kind: "staff", managerId: evaAdded.manager.id, tenantId: tenant.id, role: "manager" };
  const jonasId = jonasAdded.manager.id;
  await say(EVA, `/start ${evaAdded.invite.code}`);
  await say(JONAS, `/start ${jonasAdded.invite.code}`);
  await say(SABINE, `/start ${sabineAdded.invite.code}`);

  const { created } = await newClientInChat({ say: (text) => say(EVA, text), tap: (data) => press(EVA, data) }, translator, {
    name: "Amina Haddad",
    language: "العربية",
    gender: "female",
  });
  const code = inviteCodeOf(created);
  languageOf.set(AMINA, "ar");
  await say(AMINA, `/start ${code}`);
  await press(AMINA, "v1|lng|ar");
  await press(AMINA, "v1|cns|a");
  await press(AMINA, "v1|cck|a");
  const aminaId = (await app.store.identities.findByExternal("telegram", String(AMINA)))?.clientId ?? "";
  return { eva, jonasId, aminaId };
});

/** The canaries written into Amina's case: a contact note in the chat, the assessment, a step note and a handover note. */
const canariesWritten = once(async () => {
  const { eva, jonasId, aminaId } = await teamAndClient();
  await say(EVA, `/log Amina Haddad 45 min hausbesuch wohnen: ${CANARY.contactNote}`);
  await giveConsent(app.deps, eva, { clientId: aminaId, purposes: ["data_health", "data_residence"], channel: "in_person" });
  await recordAssessment(app.deps, eva, { clientId: aminaId, health: { text: CANARY.health, flags: [] }, residence: { status: CANARY.residence } });
  const plan = await createPlan(app.deps, eva, { clientId: aminaId, nextReviewAt: new Date("2027-03-02T08:00:00Z") });
  const goal = await addGoal(app.deps, eva, { planId: plan.id, area: "language", text: "Deutsch auf B1 lernen" });
  await addStep(app.deps, eva, { goalId: goal.id, customText: "Anmeldung zum Integrationskurs", cadenceDays: 2, note: CANARY.stepNote });
  const jonasBefore = chatSends(JONAS).length;
  await handOverCase(app.deps, eva, { clientId: aminaId, toManagerId: jonasId, keepPreviousAsShared: true, note: CANARY.handoverNote });
  await eventually("the handover notice to Jonas", () => chatSends(JONAS)[jonasBefore]);
  return { aminaId };
});

/** Every flow that sends messages, until the end of the day: the outbox has sent all that came due. */
const flowsRan = once(async () => {
  await canariesWritten();
  // An appointment: the notice to the client, the manager's confirmation; the client asks for another time.
  await say(EVA, "/appointment");
  await press(
    EVA,
    button(EVA, (b) => b.text === "Amina Haddad", "Amina"),
  );
  await say(EVA, "04.03.2027 10:00");
  await say(EVA, "Rathaus, Zimmer 12");
  await press(
    EVA,
    button(EVA, (b) => /^v1\|fa\|/.test(b.callback_data ?? ""), "kind"),
  );
  await press(
    EVA,
    button(EVA, (b) => /^v1\|fs\|/.test(b.callback_data ?? ""), "duration: skipped, an hour"),
  );
  const aminaBefore = chatSends(AMINA).length;
  await press(
    EVA,
    button(EVA, (b) => /^v1\|fa\|[\w-]+\|y$/.test(b.callback_data ?? ""), "yes"),
  );
  // The notice, then its calendar file: both in before the next step counts Amina's sends.
  await eventually("the appointment notice and its calendar file", () =>
    chatSends(AMINA)
      .slice(aminaBefore)
      .some((call) => call.method === "sendDocument"),
  );
  await press(
    AMINA,
    button(AMINA, (b) => /^v1\|apc\|[\w-]+\|o\|[0-9a-z]+$/.test(b.callback_data ?? ""), "other time"),
  );
  await outboxDrained();

  // Two days later: the check-in question and the reminders; the client needs help (an escalation).
  clock.set("2027-03-03T09:30:00Z");
  await outboxDrained();
  await eventually("the check-in question", () => chatSends(AMINA).some((call) => buttonsOf(call).some((b) => /^v1\|pci\|/.test(b.callback_data ?? ""))));
  await press(
    AMINA,
    button(AMINA, (b) => /^v1\|pci\|[\w-]+\|h$/.test(b.callback_data ?? ""), "need help"),
  );
  await outboxDrained();

  // Staff views: client card, agenda, due reviews; the supervisor's report with chart and CSV.
  await say(EVA, "/clients Amina");
  await say(EVA, "/agenda");
  await say(EVA, "/review");
  await say(JONAS, "/clients Amina");
  const report = await say(SABINE, "/report");
  await eventually("the report's CSV", () => chatSends(SABINE).some((call) => call.method === "sendDocument"));
  const chart = chatSends(SABINE).find((call) => call.method === "sendPhoto");

  // The client's own views and export, then an erasure request (the manager is told).
  await say(AMINA, "/plan");
  await say(AMINA, "/appointments");
  await say(AMINA, "/mydata");
  await eventually("the export file", () => chatSends(AMINA).some((call) => call.method === "sendDocument"));
  await say(AMINA, "/delete");
  await press(
    AMINA,
    button(AMINA, (b) => b.callback_data === "v1|del|y", "delete yes"),
  );
  clock.set("2027-03-03T18:00:00Z");
  await outboxDrained();
  return { report, chart };
});

describe("canary: notes, health and residence details never leave the store (Telegram, real HTTP)", () => {
  it("sets up a team and a client who joins in Arabic", async () => {
    const { aminaId } = await teamAndClient();
    expect(aminaId).not.toBe("");
  });

  it("writes the canaries into the case: a contact note in the chat, the assessment, a step note and a handover note", async () => {
    const { aminaId } = await canariesWritten();
    // Stored, and encrypted at rest: the database holds sealed values that open to the canaries.
    const contact = await app.store.db.contact.findFirstOrThrow({ where: { clientId: aminaId } });
    expect(contact.note).not.toContain("KANARIE");
    expect(app.deps.crypto.decrypt(contact.note ?? "")).toBe(CANARY.contactNote);
    const assessment = await app.store.db.assessment.findFirstOrThrow({ where: { clientId: aminaId } });
    expect(app.deps.crypto.decrypt(assessment.sensitive ?? "")).toContain(CANARY.health);
  });

  it("runs the flows that send messages", async () => {
    const { report, chart } = await flowsRan();
    expect(report.length).toBeGreaterThan(0);
    const png = Object.values(chart?.files ?? {})[0]?.bytes ?? Buffer.alloc(0);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(720); // the width in the PNG header
    expect(await app.store.db.outboxMessage.count({ where: { status: "sent" } })).toBeGreaterThanOrEqual(6);
  });

  it("no canary appears in any Bot API call (texts, buttons, files)", async () => {
    await flowsRan();
    const sent = everythingSent();
    expect(fake.calls.length).toBeGreaterThan(40);
    expect(sent).toContain("Rathaus, Zimmer 12"); // the capture sees what is sent
    for (const canary of canaries) expect({ canary, found: sent.includes(canary) }).toEqual({ canary, found: false });
    expect(sent).not.toContain("KANARIE");
  });

  it("no canary appears in any log line", async () => {
    await flowsRan();
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.some((line) => line.includes("database ready"))).toBe(true);
    const logs = logLines.join("\n");
    expect(logs).not.toContain("KANARIE");
  });

  it("no canary is in the database file in plain text (encryption at rest)", async () => {
    await flowsRan();
    const path = started.db.target.provider === "sqlite" ? started.db.url.replace(/^file:/, "") : "";
    const files = [path, `${path}-wal`].filter((file) => file !== "" && existsSync(file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file).includes("KANARIE")).toBe(false);
  });

  it("goal texts, own step texts and appointment places are sealed at rest too (messages show them to staff or the client, so no canaries)", async () => {
    await flowsRan();
    const { aminaId } = await canariesWritten();
    const path = started.db.target.provider === "sqlite" ? started.db.url.replace(/^file:/, "") : "";
    const bytes = [path, `${path}-wal`].filter((file) => file !== "" && existsSync(file)).map((file) => readFileSync(file));
    for (const text of ["Deutsch auf B1 lernen", "Anmeldung zum Integrationskurs", "Rathaus, Zimmer 12"]) {
      expect({ text, inFile: bytes.some((b) => b.includes(text)) }).toEqual({ text, inFile: false });
    }
    const goal = await app.store.db.goal.findFirstOrThrow({ where: { plan: { clientId: aminaId } } });
    expect(app.deps.crypto.decrypt(goal.text)).toBe("Deutsch auf B1 lernen");
  });

  it("made no call Telegram would refuse", async () => {
    await flowsRan();
    expect(fake.violations).toEqual([]);
  });
});
