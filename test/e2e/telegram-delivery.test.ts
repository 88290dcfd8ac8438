import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxContent } from "../../src/core/outbox/message-kinds.ts";
import { localesDir } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { planMessage } from "../../src/core/outbox/plan-message.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { staffActor } from "../support/seed.ts";
import type { ScriptedFailure } from "../support/fake-telegram.ts";
import { startTelegramTestApp, TelegramDriver, textOf, unlimitedFlood, unlimitedTelegramRates, type TelegramTestApp } from "../support/telegram-app.ts";

/**
 * Outbox messages through the whole service (dispatcher, grammY, real HTTP) to a Bot API that answers each way a real
 * one does: the row records one truthful outcome and, when the person cannot be reached, the manager is told.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseDeliveryTests_xy";
const SECRET = "lotse-webhook-secret-delivery-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const translator = createTranslator({ localesDir });
const clock = new FakeClock("2027-03-01T09:00:00Z"); // 10:00 in Berlin: no quiet hours

let started: TelegramTestApp;
let chat: TelegramDriver;
let nextUser = 9500;

beforeAll(async () => {
  started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  chat = new TelegramDriver(started, SECRET);
});
afterAll(async () => started?.stop());

/**
 * A manager and a client, both linked on Telegram through the chat, the client consenting. `planDue` puts one message
 * to her in the outbox, due now: script the failures before, since the dispatcher's own tick may take it at once.
 */
async function world(label: string) {
  const { app } = started;
  const tenant = await addTenant(app.deps, operator, { name: `Landkreis ${label}` });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  const eva = nextUser++;
  await chat.say(eva, `/start ${invite.code}`, "de");
  const { client, invite: clientInvite } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language: "de" });
  const amina = nextUser++;
  await chat.say(amina, `/start ${clientInvite.code}`, "de");
  await chat.press(amina, "v1|lng|de");
  await chat.press(amina, "v1|cns|a");
  await chat.press(amina, "v1|cck|a");
  // Eva hears that Amina joined (sent now, so that the scripted failures meet the message to Amina).
  await started.app.runDueWork();
  await chat.eventually("Eva's notice that Amina joined", () =>
    started.fake.sends().some((call) => call.params.chat_id === eva && textOf(call).includes("Amina Haddad")),
  );
  const dedupeKey = `test:${label}`;
  const planDue = () =>
    planMessage(app.deps, app.store, {
      dedupeKey,
      tenantId: tenant.id,
      recipientKind: "client",
      recipientId: client.id,
      clientId: client.id,
      ...outboxContent("client.appointment.reminder", { startsAt: "2027-03-02T09:00:00.000Z", durationMin: 60, place: "Rathaus", managerName: "Eva" }),
      actions: [],
      dueAt: clock.now(),
    });
  return { eva, amina, client, dedupeKey, planDue };
}

/** The row once its send was tried, by `runDueWork` or by the dispatcher's own tick, whichever took it. */
async function tried(dedupeKey: string) {
  await started.app.runDueWork();
  const until = Date.now() + 8000;
  for (;;) {
    const row = await started.app.store.outbox.findByDedupeKey(dedupeKey);
    if (row && row.attempts > 0 && row.status !== "sending") return row;
    if (Date.now() > until) throw new Error(`no send of ${dedupeKey} tried`);
    // Polled like TelegramDriver.eventually.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("Telegram outbox messages that fail", () => {
  it.each<[string, ScriptedFailure]>([
    ["403 blocked", { error_code: 403, description: "Forbidden: bot was blocked by the user" }],
    ["400 chat not found", { error_code: 400, description: "Bad Request: chat not found" }],
  ])("%s: the row fails as blocked, her account is off, Eva is told in the chat", async (label, failure) => {
    const { eva, client, dedupeKey, planDue } = await world(label);
    started.fake.failNext("sendMessage", failure);
    await planDue();
    const row = await tried(dedupeKey);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toMatch(/^blocked: /);
    expect(await started.app.store.identities.listForClient(client.id)).toEqual([]);
    await started.app.runDueWork();
    const blocked = translator.renderText("manager.reason.blocked", undefined, "de");
    const toEva = await chat.eventually("Eva's notice that Amina cannot be reached", () => {
      const calls = started.fake.sends().filter((call) => call.params.chat_id === eva);
      return calls.some((call) => textOf(call).includes(blocked)) && calls;
    });
    expect(toEva.map(textOf).join("\n")).toContain(translator.renderText("manager.reason.blocked", undefined, "de"));
    expect(toEva.map(textOf).join("\n")).toContain("Amina Haddad");
  });

  it.each<[string, ScriptedFailure[], RegExp]>([
    ["429 with retry_after", [{ error_code: 429, description: "Too Many Requests: retry after 9", parameters: { retry_after: 9 } }], /^rate_limited: /],
    ["a 502", [{ error_code: 502, description: "Bad Gateway" }], /^transient: /],
    ["a dropped socket", [{ drop: true }], /^transient: /],
  ])("%s: the row waits for its retry, her account stays", async (label, failures, error) => {
    const { client, dedupeKey, planDue } = await world(label);
    started.fake.failNext("sendMessage", ...failures);
    await planDue();
    const row = await tried(dedupeKey);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(error);
    expect(row.dueAt.getTime()).toBeGreaterThan(clock.now().getTime());
    if (label.startsWith("429")) expect(row.dueAt.getTime()).toBe(clock.now().getTime() + 9000);
    expect(await started.app.store.identities.listForClient(client.id)).toHaveLength(1);
  });

  it("a reply Telegram cannot take now (a dropped socket) reaches the person later through the outbox, marked as late", async () => {
    // Nothing planned for Amina: only Eva's reply meets the dropped socket.
    const { eva } = await world("late reply");
    started.fake.reset();
    started.fake.failNext("sendMessage", { drop: true });
    await chat.say(eva, "/help");
    expect(started.fake.callsTo("sendMessage")).toHaveLength(1);
    // The dropped attempt, then the late one from the outbox (a run may find the chat's turn not yet come: the
    // dropped attempt counted as a send to it).
    const toEva = () => started.fake.sends().filter((call) => call.params.chat_id === eva);
    for (let run = 0; run < 100 && toEva().length < 2; run += 1) {
      await started.app.runDueWork();
      // Polled like TelegramDriver.eventually: the chat's turn is kept by the rate limiter's own (real) clock.
      if (toEva().length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [, late] = toEva();
    const help = translator.renderText("manager.help", undefined, "de").split("\n")[0] ?? "";
    expect(textOf(late)).toContain(translator.renderText("dialog.later_reply", { text: "" }, "de").trim());
    expect(textOf(late)).toContain(escapeHtml(help));
    // Sent once: the next run sends nothing more.
    await started.app.runDueWork();
    expect(started.fake.sends().filter((call) => call.params.chat_id === eva)).toHaveLength(2);
  });
});
