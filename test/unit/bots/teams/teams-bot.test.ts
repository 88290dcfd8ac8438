import type { Activity, TurnContext } from "botbuilder";
import { readableText } from "../../../support/teams-text.ts";
import { helpText } from "../../../support/help-text.ts";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { localesDir } from "../../../../src/app/app.ts";
import { createTeamsBot, type TeamsBot } from "../../../../src/bots/teams/teams-bot.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { cardAppointmentAction } from "../../../../src/core/chat/card-actions.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStepAction } from "../../../../src/core/chat/plan-actions.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { operator } from "../../../../src/core/actor.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { linkedManager } from "../../../support/chat-harness.ts";
import { seedTenant } from "../../../support/seed.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

/** The Teams transport against the core with in-memory fakes: what a manager sees, card by card. */

const translator = createTranslator({ localesDir });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const t = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");

interface Recorded {
  kind: "send" | "update";
  activity: Partial<Activity>;
}

const serviceUrl = "https://smba.example.org/";
const evaChat: ChatSession = {
  channel: "teams",
  externalId: "29:eva",
  conversationRef: JSON.stringify({ v: 1, serviceUrl, channelId: "msteams", conversationId: "a:eva", userId: "29:eva", botId: "28:bot" }),
  locale: "de-DE",
};

let core: TestCore;
let bot: TeamsBot;
let recorded: Recorded[];
let nextId = 1;
/** Set: the connector refuses activities that carry a file (too large, a broken upload). */
let refuseFiles = false;
/** Set: the connector never answers (a hanging connection). */
let connectorHangs = false;

/** One turn through a minimal TurnContext: the three members the transport uses. */
async function turn(fields: Record<string, unknown>): Promise<Recorded[]> {
  const from = recorded.length;
  const activity = {
    type: "message",
    id: `act-${nextId++}`,
    channelId: "msteams",
    serviceUrl,
    locale: "de-DE",
    from: { id: "29:eva" },
    recipient: { id: "28:bot" },
    conversation: { id: "a:eva", conversationType: "personal" },
    ...fields,
  };
  const context = {
    activity,
    sendActivity: async (sent: Partial<Activity>) => {
      if (connectorHangs) return new Promise(() => undefined);
      if (refuseFiles && sent.attachments?.some((a) => !a.contentType.startsWith("application/vnd.microsoft.card")))
        throw Object.assign(new Error("413"), { statusCode: 413 });
      recorded.push({ kind: "send", activity: sent });
      return { id: `sent-${recorded.length}` };
    },
    updateActivity: async (updated: Partial<Activity>) => {
      recorded.push({ kind: "update", activity: updated });
    },
  } as unknown as TurnContext;
  await bot.onTurn(context);
  return recorded.slice(from);
}
const write = (text: string) => turn({ text });

const cardOf = (r: Recorded | undefined) =>
  r?.activity.attachments?.[0]?.content as { body: Record<string, unknown>[]; actions?: Record<string, unknown>[] } | undefined;
/** The card's elements of a type (or type prefix, e.g. "Input."), in document order. */
function elements(r: Recorded | undefined, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const own = (node as { type?: unknown }).type;
    if (typeof own === "string" && (own === type || (type.endsWith(".") && own.startsWith(type)))) found.push(node as Record<string, unknown>);
    Object.values(node).forEach(walk);
  };
  walk(cardOf(r));
  return found;
}
const inputs = (r: Recorded | undefined) => elements(r, "Input.");
const input = (r: Recorded | undefined, id: string) => inputs(r).find((element) => element.id === id);
const submitData = (r: Recorded | undefined) => elements(r, "Action.Submit")[0]?.data as Record<string, unknown>;

beforeEach(() => {
  core = testCore("2026-11-23T09:00:00Z");
  recorded = [];
  refuseFiles = false;
  connectorHangs = false;
  bot = createTeamsBot({ deps: core.deps, translator, logger: quiet });
});

describe("forms as one Adaptive Card", () => {
  it("/newclient is one card with a text input and the languages; the submission replaces it with the result", async () => {
    await linkedManager(core, [], evaChat);
    const [card, ...more] = await write("newclient");
    expect(more).toEqual([]);
    expect(input(card, "name")).toMatchObject({ type: "Input.Text", isRequired: true, maxLength: 120, label: t("manager.labels.name") });
    const languages = input(card, "language")?.choices as { title: string; value: string }[];
    expect(languages.map((choice) => choice.value)).toEqual(
      ["de", "en", "ar", "fa", "ps", "ku", "ckb", "ti", "so", "tr", "uk", "ru", "fr"].filter((code) => languages.some((c) => c.value === code)),
    );
    expect(languages.find((choice) => choice.value === "uk")?.title).toBe("Українська");
    // No municipality in this tenant and no family in the caseload to join: decided beforehand, they travel with the
    // card unasked.
    expect(submitData(card)).toMatchObject({ lotseForm: "newcli", lotseInstance: expect.any(String) });
    expect(input(card, "municipality")).toBeUndefined();
    expect(input(card, "household")).toBeUndefined();
    expect(input(card, "gender")).toMatchObject({ type: "Input.ChoiceSet" });
    expect(input(card, "startedOn")).toMatchObject({ type: "Input.Date", isRequired: false });

    // The step-by-step dialog is not left running: the next text is a command again.
    const [help] = await write("hallo");
    expect(readableText(help?.activity)).toBe(helpText(translator, "manager", "de"));

    const result = await turn({
      replyToId: "card-1",
      value: { ...submitData(card), name: "Olena Koval", language: "uk", gender: "female", household: "new", ownPhone: "true", startedOn: "2027-02-15" },
    });
    expect(result[0]).toMatchObject({ kind: "update", activity: { id: "card-1" } });
    expect(
      elements(result[0], "TextBlock")
        .map((block) => block.text)
        .join("\n"),
    ).toContain("Olena Koval");
    expect(inputs(result[0])).toEqual([]);
    const olena = [...core.store.state.clients.values()].find((c) => c.name === "Olena Koval");
    expect(olena).toMatchObject({ gender: "female", caseStartedAt: new Date("2027-02-14T23:00:00Z"), municipalityId: null });
  });

  it("a double click on the card's submit creates one client; the second click is told the form was already sent", async () => {
    await linkedManager(core, [], evaChat);
    const [card] = await write("newclient");
    const value = { ...submitData(card), name: "Olena Koval", language: "uk", gender: "not_stated", household: "new", ownPhone: "true" };
    const [first, second] = await Promise.all([turn({ replyToId: "card-1", value }), turn({ replyToId: "card-1", value })]);
    const texts = [...(first ?? []), ...(second ?? [])].map((r) => readableText(r.activity) ?? "");
    expect(texts).toContain(t("dialog.form_already_submitted"));
    expect([...core.store.state.clients.values()].filter((c) => c.name === "Olena Koval")).toHaveLength(1);
    // A new showing of the form is a new form: it saves again.
    const [again] = await write("newclient");
    await turn({
      replyToId: "card-2",
      value: { ...submitData(again), name: "Olena Koval", language: "uk", gender: "not_stated", household: "new", ownPhone: "true" },
    });
    expect([...core.store.state.clients.values()].filter((c) => c.name === "Olena Koval")).toHaveLength(2);
  });

  it("a rejected submission comes back as the same card: the wrong field named under its input, what was typed kept, nothing saved", async () => {
    const { manager } = await linkedManager(core, [], evaChat);
    const tooLong = "x".repeat(200);
    const [result, ...more] = await turn({ replyToId: "card-1", value: { lotseForm: "newcli", name: tooLong, language: "uk" } });
    expect(more).toEqual([]);
    expect(result).toMatchObject({ kind: "update", activity: { id: "card-1" } });
    const texts = elements(result, "TextBlock").map((block) => block.text);
    expect(texts).toContain(t("dialog.error.invalid_form"));
    // The reason sits right under the name's input, and only there.
    const body = (result?.activity.attachments?.[0] as { content: { body: Record<string, unknown>[] } }).content.body;
    const nameAt = body.findIndex((element) => element.id === "name");
    const reason = "Das sind 200 Zeichen, höchstens 120 passen. Bitte kürzen Sie den Text und schicken Sie ihn noch einmal.";
    expect(body[nameAt + 1]).toMatchObject({ type: "TextBlock", text: reason, color: "Attention" });
    expect(texts.filter((text) => text === reason)).toHaveLength(1);
    expect(input(result, "name")).toMatchObject({ value: tooLong });
    expect(input(result, "language")).toMatchObject({ value: "uk" });
    expect(submitData(result)).toEqual({ lotseForm: "newcli", lotseInstance: expect.any(String) });
    expect((await core.store.clients.search({ tenantId: manager.tenantId })).total).toBe(0);
  });

  it("the appointment card asks date and time as inputs, not the step-by-step pickers", async () => {
    const { clients } = await linkedManager(core, ["Amina Haddad"], evaChat);
    const [card] = await write("/appointment");
    expect(inputs(card).map((element) => element.id)).toEqual(["client", "startsAt__date", "startsAt__time", "place", "kind", "durationMin", "confirm"]);
    // Minutes typed into a number input; left empty, an hour.
    expect(input(card, "durationMin")).toMatchObject({ type: "Input.Number", min: 5, max: 480, label: "Dauer", placeholder: "leer: 60 Minuten" });
    expect(input(card, "client")?.choices).toEqual([{ title: "Amina Haddad", value: clients[0]?.id }]);
    const [done] = await turn({
      replyToId: "card-2",
      value: {
        lotseForm: "appt",
        client: clients[0]?.id,
        startsAt__date: "2026-11-25",
        startsAt__time: "14:30",
        place: "Rathaus",
        kind: "counselling",
        confirm: "y",
      },
    });
    expect(done?.kind).toBe("update");
    expect(
      elements(done, "TextBlock")
        .map((block) => block.text)
        .join("\n"),
    ).toContain("Rathaus");
  });

  it("a step card started from the plan shows the goal's area's steps; chosen, it refreshes in place with what that step needs", async () => {
    const { clients, manager } = await linkedManager(core, ["Amina Haddad"], evaChat);
    const actor = { kind: "staff" as const, managerId: manager.id, tenantId: manager.tenantId, role: manager.role };
    const plan = await createPlan(core.deps, actor, { clientId: clients[0]?.id });
    const goal = await addGoal(core.deps, actor, { planId: plan.id, area: "education", catalogueKey: "children_in_school_or_kita" });
    const [card] = await turn({ value: { lotseAction: addStepAction.encode(plan.id, goal.id) }, replyToId: "plan-card" });
    // The area comes from the goal: not asked, it travels with the card.
    expect(submitData(card)).toEqual({
      lotseForm: "pstep",
      lotseFixed: "plan,goal,area",
      plan: plan.id,
      goal: goal.id,
      area: "education",
      lotseInstance: expect.any(String),
    });
    expect(inputs(card).map((element) => element.id)).toEqual(["step"]);
    const choices = input(card, "step")?.choices as { title: string; value: string }[];
    expect(choices.map((choice) => choice.title)).toContain(t("catalogue.enrol_child_school.title", { childName: "…" }));
    expect(choices.at(-1)).toEqual({ title: t("manager.plan.step_form.custom"), value: "custom" });
    expect(elements(card, "Action.Submit")[0]?.title).toBe(t("manager_teams.form.next"));

    const enrol = choices.find((choice) => choice.title === t("catalogue.enrol_child_school.title", { childName: "…" }))?.value;
    const [refreshed] = await turn({ value: { ...submitData(card), step: enrol }, replyToId: "step-card" });
    expect(refreshed).toMatchObject({ kind: "update", activity: { id: "step-card" } });
    expect(elements(refreshed, "TextBlock").map((block) => block.text)).toContain(
      `${t("manager.labels.step")}: ${t("catalogue.enrol_child_school.title", { childName: "…" })}`,
    );
    // What the chosen step needs, required; nothing of a custom step.
    expect(inputs(refreshed).map((element) => element.id)).toEqual(["p_childName", "dueAt__date", "dueAt__time"]);
    expect(input(refreshed, "p_childName")).toMatchObject({ isRequired: true, label: t("manager.plan.step_form.param_label.childName") });
    expect(input(refreshed, "dueAt__date")).toMatchObject({ isRequired: false });
    expect(elements(refreshed, "Action.Submit")[0]?.title).toBe(t("manager_teams.form.submit"));

    // Sent without the child's name, the card comes back with the name asked for and nothing saved.
    const [rejected] = await turn({ value: { ...submitData(refreshed) }, replyToId: "step-card" });
    expect(inputs(rejected).map((element) => element.id)).toEqual(["p_childName", "dueAt__date", "dueAt__time"]);
    expect(elements(rejected, "TextBlock").map((block) => block.text)).toContain(t("manager_teams.form.required"));
    expect(await core.store.steps.listForPlan(plan.id)).toEqual([]);

    const [saved] = await turn({ value: { ...submitData(refreshed), p_childName: "Sara", dueAt__date: "2026-12-18" }, replyToId: "step-card" });
    expect(saved?.kind).toBe("update");
    const view = await core.store.steps.listForPlan(plan.id);
    expect(view).toMatchObject([{ catalogueKey: "enrol_child_school", params: { childName: "Sara" }, cadenceDays: 14 }]);
  });

  it("/plan without a name picks the client on a card; the result keeps its buttons", async () => {
    const { clients } = await linkedManager(core, ["Amina Haddad"], evaChat);
    const [picker] = await write("/plan");
    expect(input(picker, "client")?.choices).toEqual([{ title: "Amina Haddad", value: clients[0]?.id }]);
    const [result] = await turn({ replyToId: "picker", value: { ...submitData(picker), client: clients[0]?.id } });
    expect(result).toMatchObject({ kind: "update", activity: { id: "picker" } });
    expect(elements(result, "TextBlock")[0]?.text).toBe(t("manager.plan.title"));
    expect(elements(result, "Action.Submit").map((action) => action.title)).toEqual([t("manager.plan.create_button")]);
  });

  it("the client card is a card with its buttons; “new appointment” opens the appointment card with the client given", async () => {
    const { clients } = await linkedManager(core, ["Amina Haddad"], evaChat);
    const clientId = clients[0]?.id ?? "";
    const [card] = await turn({ value: { lotseAction: openClientAction.encode(clientId) }, replyToId: "list" });
    expect(
      elements(card, "TextBlock")
        .map((block) => block.text)
        .join("\n"),
    ).toContain("Amina Haddad");
    const actions = elements(card, "Action.Submit").map((action) => (action.data as { lotseAction: string }).lotseAction);
    expect(actions).toContain(cardAppointmentAction.encode(clientId));
    const [appointment] = await turn({ value: { lotseAction: cardAppointmentAction.encode(clientId) }, replyToId: "client-card" });
    expect(submitData(appointment)).toEqual({ lotseForm: "appt", lotseFixed: "client", client: clientId, lotseInstance: expect.any(String) });
    expect(input(appointment, "client")).toBeUndefined();
  });
});

describe("messages", () => {
  it("buttons become Action.Submit with the encoded action; text alone stays text, its line breaks kept (XML <br>)", async () => {
    await linkedManager(core, ["Amina Haddad", "Olena Koval"], evaChat);
    const [list] = await write("clients");
    expect(elements(list, "Action.Submit").map((action) => action.title)).toEqual(["Amina Haddad", "Olena Koval"]);
    expect(elements(list, "Action.Submit").every((action) => /^v1\|cli\|/.test((action.data as { lotseAction: string }).lotseAction))).toBe(true);
    const [agenda] = await write("agenda");
    expect(agenda?.activity).toMatchObject({ type: "message", textFormat: "xml" });
    expect(agenda?.activity.text).toContain("<br>");
    expect(agenda?.activity.attachments).toBeUndefined();
  });

  it("a button of an unknown card is out of date; a failing core gets an apology, never an exception", async () => {
    await linkedManager(core, [], evaChat);
    const [stale] = await turn({ value: { unknown: true } });
    expect(readableText(stale?.activity)).toBe(t("dialog.stale"));
    bot = createTeamsBot({ deps: core.deps, translator, logger: quiet, handle: async () => Promise.reject(new Error("boom")) });
    const [apology] = await write("agenda");
    expect(readableText(apology?.activity)).toBe(t("errors.generic"));
  });

  it("a file the connector refuses degrades to the text and what still works; no apology after a success", async () => {
    await linkedManager(core, [], evaChat);
    refuseFiles = true;
    bot = createTeamsBot({
      deps: core.deps,
      translator,
      logger: quiet,
      handle: async () => ({
        language: "de",
        role: "manager",
        outbound: [
          {
            parts: [{ key: "manager.newclient.qr_caption", params: { name: "Amina" } }],
            attachment: { kind: "qr", payload: "https://t.me/x?start=AB", unsentKey: "manager.newclient.qr_unsent" },
          },
        ],
      }),
    });
    const sent = await write("newclient");
    expect(sent.map((r) => readableText(r.activity))).toEqual([
      `${t("manager.newclient.qr_caption", { name: "Amina" })}\n\n${t("manager.newclient.qr_unsent")}`,
    ]);
  });

  it("a connector that does not answer holds a reply at most 4 s; the reply then waits in the outbox, marked as late", async () => {
    const { manager } = await linkedManager(core, [], evaChat);
    connectorHangs = true;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const turned = write("help");
      await vi.advanceTimersByTimeAsync(4000);
      expect(await turned).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
    const [queued] = await core.store.outbox.listPendingForRecipient("manager", manager.id);
    expect(queued).toMatchObject({ messageKey: "dialog.later_reply", params: { text: helpText(translator, "manager", "de") } });
  });

  it("the same activity delivered twice is answered once", async () => {
    await linkedManager(core, [], evaChat);
    expect(await turn({ id: "dup-1", text: "help" })).toHaveLength(1);
    expect(await turn({ id: "dup-1", text: "help" })).toHaveLength(0);
  });
});

describe("welcome and linking", () => {
  const AAD = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
  const installed = (fields: Record<string, unknown> = {}) => turn({ type: "conversationUpdate", membersAdded: [{ id: "28:bot" }], ...fields });

  it("a stranger is welcomed in German, or in English when Teams is English; nothing is stored", async () => {
    expect(readableText((await installed())[0]?.activity)).toBe(t("manager_teams.welcome"));
    expect(readableText((await installed({ locale: "en-US" }))[0]?.activity)).toBe(translator.renderText("manager_teams.welcome", undefined, "en"));
    expect(await core.store.identities.findByExternal("teams", "29:eva")).toBeNull();
  });

  it("a manager added with --aad is linked when the app is installed, with the conversation kept for later", async () => {
    const tenantId = await seedTenant(core.store);
    const { manager } = await addManager(core.deps, operator, { tenantId, name: "Ben Braun", aadObjectId: AAD.toUpperCase() });
    const [welcome] = await installed({ locale: "en-GB", from: { id: "29:eva", aadObjectId: AAD } });
    expect(readableText(welcome?.activity)).toBe(translator.renderText("manager.welcome", { name: "Ben Braun" }, "en"));
    const identity = await core.store.identities.findByExternal("teams", "29:eva");
    expect(identity).toMatchObject({ managerId: manager.id, active: true, locale: "en-GB" });
    expect(JSON.parse(identity?.conversationRef ?? "{}")).toMatchObject({ conversationId: "a:eva", serviceUrl });
    // Installed again: no second link, a welcome back.
    const [again] = await installed({ locale: "en-GB", from: { id: "29:eva", aadObjectId: AAD } });
    expect(readableText(again?.activity)).toBe(translator.renderText("manager.welcome_back", undefined, "en"));
  });

  it("an unknown Entra id is not linked", async () => {
    const tenantId = await seedTenant(core.store);
    await addManager(core.deps, operator, { tenantId, name: "Ben Braun", aadObjectId: AAD });
    const [reply] = await turn({ text: "agenda", from: { id: "29:eva", aadObjectId: "00000000-0000-4000-8000-000000000001" } });
    expect(readableText(reply?.activity)).toBe(t("client.stranger.intro"));
    expect(await core.store.identities.findByExternal("teams", "29:eva")).toBeNull();
  });

  it("a client can link on Teams too: the language picker comes as a card", async () => {
    const tenantId = await seedTenant(core.store);
    const { manager } = await addManager(core.deps, operator, { tenantId, name: "Eva Muster" });
    const actor = { kind: "staff" as const, managerId: manager.id, tenantId, role: manager.role };
    const created = await createClient(core.deps, actor, { name: "Olena Koval", language: "uk" });
    const [picker] = await write(`link ${created.invite.code}`);
    const choices = elements(picker, "Action.Submit").map((action) => (action.data as { lotseAction: string }).lotseAction);
    expect(choices[0]).toBe("v1|lng|uk");
    expect((await core.store.identities.findByExternal("teams", "29:eva"))?.clientId).toBe(created.client.id);
  });
});

describe("conversation reference", () => {
  it("follows the newest service URL of a linked account, for later proactive messages", async () => {
    await linkedManager(core, [], evaChat);
    await turn({ text: "help", serviceUrl: "https://smba.example.org/emea/" });
    const identity = await core.store.identities.findByExternal("teams", "29:eva");
    expect(JSON.parse(identity?.conversationRef ?? "{}")).toMatchObject({ serviceUrl: "https://smba.example.org/emea/", conversationId: "a:eva" });
  });

  it("an activity with nothing to answer (app updated, members changed) still moves the account to its new conversation", async () => {
    await linkedManager(core, [], evaChat);
    const moved = { serviceUrl: "https://smba.example.org/amer/", conversation: { id: "a:eva-new", conversationType: "personal" } };
    expect(await turn({ type: "installationUpdate", action: "add-upgrade", ...moved })).toEqual([]);
    const afterUpdate = await core.store.identities.findByExternal("teams", "29:eva");
    expect(JSON.parse(afterUpdate?.conversationRef ?? "{}")).toMatchObject({ serviceUrl: "https://smba.example.org/amer/", conversationId: "a:eva-new" });
    expect(
      await turn({ type: "conversationUpdate", membersAdded: [{ id: "29:colleague" }], conversation: { id: "a:eva-3", conversationType: "personal" } }),
    ).toEqual([]);
    expect(JSON.parse((await core.store.identities.findByExternal("teams", "29:eva"))?.conversationRef ?? "{}")).toMatchObject({ conversationId: "a:eva-3" });
  });
});
