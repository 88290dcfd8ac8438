import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { parseCsv } from "../../src/core/import/csv.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import type { MessageParams } from "../../src/core/dialog/messages.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { planReviewNudges } from "../../src/core/reminders/plan-review-nudges.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { lotse } from "../support/cli.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import { staffActor } from "../support/seed.ts";
import { joinInChat, linkedManagerInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import {
  buttonsOf,
  startTelegramTestApp,
  textOf,
  TelegramDriver,
  unlimitedFlood,
  unlimitedTelegramRates,
  type TelegramTestApp,
} from "../support/telegram-app.ts";

/**
 * The review of an integration plan (Fortschreibung) through real HTTP against the fake Bot API: the nudge comes
 * at 08:00 on the due day through the outbox, the manager begins the review from it, goes goal by goal (one achieved,
 * one given a new step with the plan's own step form and kept, one dropped), picks the next review day, reads the
 * history of both versions, and the funding report (`lotse report`, run against the app's database) counts the goal
 * achieved and the one dropped.
 */

const TOKEN = "123456789:AAFakeTokenForThePlanReviewTests_xyz";
const SECRET = "lotse-plan-review-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-plan-review-key-012345").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const ZONE = "Europe/Berlin";
/** Monday 1 March 2027, 10:00 in Berlin. */
const START = "2027-03-01T09:00:00Z";

const MANAGER = 8501;
const OLENA = 8502;

const translator = createTranslator({ localesDir });
/** German as the app renders it on 1 September 2027 (a date in another year shows its year). */
const de = (key: string, params?: MessageParams) => translator.renderText(key, params, "de", { timeZone: ZONE, now: new Date("2027-09-01T06:00:00Z") });
/** A text as Telegram receives it (HTML-escaped). */
const tg = (key: string, params?: MessageParams) => escapeHtml(de(key, params));

let clock: FakeClock;
let started: TelegramTestApp;
let app: App;
let fake: FakeTelegram;
let chat: TelegramDriver;

beforeEach(async () => {
  clock = new FakeClock(START);
  started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ app, fake } = started);
  chat = new TelegramDriver(started, SECRET, 850_000);
});

afterEach(async () => {
  await noRefusedCallsThenStop(fake, started?.stop);
});

/** Petra, linked in her chat; Olena, her client, joined in Ukrainian; Olena's plan of three goals, the first with a step. */
async function givenPlanOfOlena() {
  const manager = await linkedManagerInChat(app, chat, MANAGER, "Landkreis Fortschreibung");
  const petra = staffActor(manager);
  const { client, invite } = await createClient(app.deps, petra, { name: "Olena Koval", language: "uk" });
  await joinInChat(chat, OLENA, invite.code, "uk", { chatId: MANAGER, translator });
  // Written on 1 March: due for review on 1 September (the default, six months on).
  const plan = await createPlan(app.deps, petra, { clientId: client.id });
  const language = await addGoal(app.deps, petra, { planId: plan.id, area: "language", text: "Deutsch auf B1" });
  await addStep(app.deps, petra, { goalId: language.id, catalogueKey: "attend_integration_course", cadenceDays: null });
  await addGoal(app.deps, petra, { planId: plan.id, area: "housing", text: "Eine eigene Wohnung" });
  await addGoal(app.deps, petra, { planId: plan.id, area: "everyday", text: "Führerschein umschreiben" });
  return { tenantId: manager.tenantId, plan };
}

/** `lotse report` (German CSV, exact counts) for the third quarter of 2027: each figure of the whole tenant by its key. */
async function fundingReport(tenantId: string): Promise<Map<string, string>> {
  const run = await lotse(
    { DATABASE_URL: started.db.url, LOTSE_DATA_KEY: DATA_KEY },
    "report",
    "--tenant",
    tenantId,
    "--from",
    "2027-07-01",
    "--to",
    "2027-09-30",
  );
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return new Map(
    parseCsv(run.stdout)
      .rows.map((row) => row.cells)
      .filter(([, , , , scope]) => scope === "alle")
      .map(([, , , , , , , key, value]) => [key ?? "", value ?? ""]),
  );
}

/** Taps a button by its German label on the last message with buttons in Petra's chat. */
const tapLabel = (key: string, params?: MessageParams) => chat.press(MANAGER, chat.buttonByText(MANAGER, de(key, params)));

describe("the plan review (Fortschreibung) on Telegram", () => {
  it("from the 08:00 nudge: one goal achieved, one with a new step kept, one dropped; the history shows both versions; the report counts them", async () => {
    const { tenantId } = await givenPlanOfOlena();
    const before = await fundingReport(tenantId);
    expect([before.get("language.achieved"), before.get("everyday.dropped"), before.get("reviewed")]).toEqual(["0", "0", "0"]);

    // 1 September, 07:00 in Berlin: the sweep plans the nudge for 08:00; at 08:00 the dispatcher sends it.
    clock.set("2027-09-01T05:00:00Z");
    expect(await planReviewNudges(app.deps)).toEqual({ planned: 1, cancelled: 0 });
    const sent = chat.chatSends(MANAGER).length;
    clock.set("2027-09-01T06:00:00Z");
    const nudge = await chat.nextTo(MANAGER, sent, "the review nudge");
    expect(textOf(nudge)).toBe(tg("manager_jobs.review.nudge", { name: "Olena Koval", reviewDate: { t: "date", iso: "2027-09-01T12:00:00Z", zone: ZONE } }));
    expect(buttonsOf(nudge).map((b) => b.text)).toEqual([
      de("manager.review.begin_button"),
      de("manager.review.appointment_button"),
      de("manager.review.snooze_button"),
    ]);

    // Begun from the nudge: the first open goal with its step.
    const begun = await chat.press(MANAGER, buttonsOf(nudge)[0]?.callback_data ?? "no begin button");
    expect(textOf(begun[0])).toBe(tg("manager.review.begin", { name: "Olena Koval", version: 1, count: 3 }));
    expect(textOf(begun[1])).toContain("Deutsch auf B1");
    expect(textOf(begun[1])).toContain(escapeHtml(de("catalogue.attend_integration_course.title")));

    // Goal 1 achieved: its message names the outcome (its buttons gone), goal 2 follows.
    const second = await tapLabel("manager.review.achieved_button");
    expect(second[0]?.method).toBe("editMessageText");
    expect(textOf(second[0])).toBe(tg("manager.review.decided.achieved", { n: 1, text: "Deutsch auf B1" }));
    expect(textOf(second[1])).toContain("Eine eigene Wohnung");

    // Goal 2 gets a new step (the plan's own step form, goal and area given), then comes back for its outcome: kept.
    await tapLabel("manager.review.step_button");
    await tapLabel("catalogue.get_rent_approval.title");
    const afterStep = await tapLabel("dialog.button.skip");
    expect(textOf(afterStep.at(-1))).toContain("Eine eigene Wohnung");
    expect(textOf(afterStep.at(-1))).toContain(escapeHtml(de("catalogue.get_rent_approval.title")));
    await tapLabel("manager.review.keep_button");

    // Goal 3 dropped; then the next review day, which records version 2 and says what changed.
    const finish = await tapLabel("manager.review.drop_button");
    expect(textOf(finish.at(-1))).toBe(tg("manager.review.finish"));
    const [done] = await tapLabel("manager.review.next_months.in_6");
    const doneText = textOf(done);
    expect(doneText).toContain(tg("manager.review.done", { version: 2, nextReviewAt: { t: "date", iso: "2028-03-01T12:00:00Z", zone: ZONE } }));
    expect(doneText).toContain(
      escapeHtml(de("manager.plan.change.goal_status", { n: 1, text: "Deutsch auf B1", status: de("manager.plan.goal_status.achieved") })),
    );
    expect(doneText).toContain(escapeHtml(de("manager.plan.change.step_added", { n: "2.1", title: de("catalogue.get_rent_approval.title") })));
    expect(doneText).toContain(
      escapeHtml(de("manager.plan.change.goal_status", { n: 3, text: "Führerschein umschreiben", status: de("manager.plan.goal_status.dropped") })),
    );

    // The history: version 1 as written (1 March), version 2 as reviewed today, with what the review changed.
    const [history] = await tapLabel("manager.plan.history_button");
    const lines = textOf(history).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      tg("manager.plan.history.list", { versions: "" }).trim(),
      tg("manager.plan.history.created", { version: 1, count: 3, at: { t: "date", iso: "2027-03-01T09:00:00Z", zone: ZONE } }),
      tg("manager.plan.history.reviewed", { version: 2, count: 3, at: { t: "date", iso: "2027-09-01T06:00:00Z", zone: ZONE } }),
    ]);
    expect(lines.slice(3)).toHaveLength(3);

    // The funding report of the quarter counts the achieved and the dropped goal and the review, exactly (for the funding authority).
    const after = await fundingReport(tenantId);
    expect([after.get("language.achieved"), after.get("everyday.dropped"), after.get("reviewed")]).toEqual(["1", "1", "1"]);
    expect(after.get("housing.open")).toBe("1");
  });
});
