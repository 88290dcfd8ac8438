import type { Activity, TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { createTeamsBot } from "../../../../src/bots/teams/teams-bot.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { CoreDeps } from "../../../../src/core/deps.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { checkInAnswerAction } from "../../../../src/core/plans/actions.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { command, linkedManager, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { CountingStore } from "../../../support/counting-store.ts";
import { staffActor } from "../../../support/seed.ts";

/**
 * What one update costs the store, counted through a wrapper of the store port. The bounds are what a reviewer can
 * check against one read per row the answer needs; a failing bound lists every call with its count.
 */

const counted = (core: TestCore): { deps: CoreDeps; counter: CountingStore } => {
  const counter = new CountingStore(core.store);
  return { deps: { ...core.deps, store: counter.store }, counter };
};

const names = (count: number) => Array.from({ length: count }, (_, i) => `Klient ${String(i + 1).padStart(2, "0")}`);

describe("store calls per update", () => {
  it("Telegram /agenda of a manager with three clients and an appointment today", async () => {
    const core = testCore("2027-03-01T07:00:00Z");
    const chat = telegramChat("100");
    const { manager, clients } = await linkedManager(core, names(3), chat);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [clients[0]?.id ?? ""], startsAt: "2027-03-01T10:00:00Z", place: "Rathaus" });
    const { deps, counter } = counted(core);
    const reply = await handleInbound(deps, chat, command("agenda"));
    expect(reply.outbound.length).toBeGreaterThan(0);
    expect(counter.calls.length, counter.summary()).toBeLessThanOrEqual(BOUNDS.telegramAgenda);
  });

  it("Teams `log` with a caseload of 50: the whole form as one card", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const chat: ChatSession = { channel: "teams", externalId: "29:eva", conversationRef: null, locale: "de-DE" };
    await linkedManager(core, names(50), chat);
    const { deps, counter } = counted(core);
    const sent: Partial<Activity>[] = [];
    const bot = createTeamsBot({ deps, translator, logger: quiet });
    const context = {
      activity: {
        type: "message",
        id: "act-1",
        channelId: "msteams",
        serviceUrl: "https://smba.example.org/",
        locale: "de-DE",
        text: "log",
        from: { id: "29:eva" },
        recipient: { id: "28:bot" },
        conversation: { id: "a:eva", conversationType: "personal" },
      },
      sendActivity: async (activity: Partial<Activity>) => void sent.push(activity),
      updateActivity: async () => {},
    } as unknown as TurnContext;
    await bot.onTurn(context);
    expect(sent).toHaveLength(1);
    expect(counter.calls.length, counter.summary()).toBeLessThanOrEqual(BOUNDS.teamsLog);
  });

  it("a client taps “done” under a plan-step check-in", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager } = await linkedManager(core, [], telegramChat("100"));
    const actor = staffActor(manager);
    const { client, invite } = await createClient(core.deps, actor, { name: "Yusuf Haddad", language: "ar" });
    const session = telegramChat("500", "ar");
    await handleInbound(core.deps, session, command("start", invite.code));
    await handleInbound(core.deps, session, tap(consentAnswerAction.encode("a")));
    const plan = await createPlan(core.deps, actor, { clientId: client.id });
    const goal = await addGoal(core.deps, actor, { planId: plan.id, area: "language", text: "Deutsch lernen" });
    const { step } = await addStep(core.deps, actor, { goalId: goal.id, catalogueKey: "register_integration_course", params: { provider: "VHS" } });
    const { deps, counter } = counted(core);
    const reply = await handleInbound(deps, session, tap(checkInAnswerAction.encode(step.id, "d")));
    expect(reply.outbound[0]?.parts[0]?.key).toBe("client.checkin.answer.done");
    expect(counter.calls.length, counter.summary()).toBeLessThanOrEqual(BOUNDS.clientCheckIn);
  });
});

const translator = createTranslator({ localesDir });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/**
 * The bounds, each with the calls it allows:
 * - /agenda (14): the chat account, the manager, the tenant, the running form; today's and tomorrow's appointments,
 *   open escalations, open messages from clients, reviews due, steps due, referral follow-ups due, clients who joined
 *   since yesterday and the clients shown (one read each, for both days at once); one transaction with one audit row.
 *   (The Telegram adapter adds one write: the update id, against redelivery.)
 * - Teams `log` (8): the activity id claimed and completed (a redelivery after a crash runs again, a handled one
 *   never), the chat account, the manager, the tenant; the new conversation
 *   reference written once; the caseload and its latest contact times (one read each, for 50 clients as for 5).
 *   No form state: the card is the form.
 * - a check-in answer (16): the chat account, the client, the tenant, the running form; in one transaction the
 *   step, goal, plan, client and assignments (scope), the answer, the step, the plan's time, the pending check-ins
 *   cancelled and the client's escalations (a help request about the step done is settled), one audit row.
 */
const BOUNDS = { telegramAgenda: 14, teamsLog: 8, clientCheckIn: 16 };
