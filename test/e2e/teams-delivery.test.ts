import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxContent } from "../../src/core/outbox/message-kinds.ts";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { conversationRefOf } from "../../src/bots/teams/conversation-ref.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { giveConsent } from "../../src/core/consent/give-consent.ts";
import { planMessage } from "../../src/core/outbox/plan-message.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeConnector } from "../support/fake-connector.ts";
import { staffActor } from "../support/seed.ts";
import { readableText } from "../support/teams-text.ts";

/**
 * A proactive Teams message through the whole service (dispatcher, botbuilder with the channel's onTurnError, real
 * HTTP) to a connector that refuses it: the outbox records what happened, the account is switched off, and the
 * manager is told. Before, botbuilder's onTurnError swallowed the failure and the row said "sent".
 */

const DATA_KEY = Buffer.from("lotse-e2e-teams-delivery-0123456").toString("base64");
const translator = createTranslator({ localesDir });
const clock = new FakeClock("2027-03-01T09:00:00Z"); // 10:00 in Berlin: no quiet hours

let db: TestDatabase;
let connector: FakeConnector;
let app: App;

beforeAll(async () => {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  db = await sqlite.create();
  connector = new FakeConnector();
  await connector.start();
  const config = readConfig({ NODE_ENV: "test", DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY, TEAMS_DEV_UNAUTHENTICATED: "true" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  app = await createApp(config.config, { logger: createLogger("silent"), translator, clock });
});

afterAll(async () => {
  await app?.close();
  await connector?.stop();
  await db?.drop();
});

const reference = (conversationId: string, userId: string) =>
  conversationRefOf({
    serviceUrl: `${connector.url}/`,
    channelId: "msteams",
    conversation: { id: conversationId },
    from: { id: userId },
    recipient: { id: "28:bot" },
  });

async function linkTeams(owner: { managerId: string } | { clientId: string }, conversationId: string, userId: string) {
  return app.store.identities.upsert({
    id: `identity-${conversationId}`,
    channel: "teams",
    externalId: userId,
    conversationRef: reference(conversationId, userId),
    managerId: "managerId" in owner ? owner.managerId : null,
    clientId: "clientId" in owner ? owner.clientId : null,
    locale: "de-DE",
    active: true,
    linkedAt: clock.now(),
    deactivatedAt: null,
  });
}

describe("Teams proactive messages that fail", () => {
  it.each([404, 403])("connector %i: the row fails as blocked, the client's Teams account is switched off, the manager is told in Teams", async (status) => {
    const tenant = await addTenant(app.deps, operator, { name: `Landkreis ${status}` });
    const { manager } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const { client } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language: "de" });
    await giveConsent(app.deps, staffActor(manager), { clientId: client.id, purposes: ["messaging"], channel: "in_person" });
    await linkTeams({ managerId: manager.id }, `a:eva-${status}`, `29:eva-${status}`);
    const amina = await linkTeams({ clientId: client.id }, `a:amina-${status}`, `29:amina-${status}`);
    await planMessage(app.deps, app.store, {
      dedupeKey: `test:teams-${status}`,
      tenantId: tenant.id,
      recipientKind: "client",
      recipientId: client.id,
      clientId: client.id,
      ...outboxContent("client.appointment.reminder", { startsAt: "2027-03-02T09:00:00.000Z", durationMin: 60, place: "Rathaus", managerName: "Eva" }),
      actions: [],
      dueAt: clock.now(),
    });

    connector.failNext({ status });
    await app.runDueWork();

    const row = await app.store.outbox.findByDedupeKey(`test:teams-${status}`);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row?.lastError).toContain(`blocked: teams: ${status}`);
    expect(await app.store.identities.get(amina.id)).toMatchObject({ active: false });
    // The manager's message about it goes out through Teams too.
    await app.runDueWork();
    const [told] = connector.inConversation(`a:eva-${status}`);
    expect(told?.body.text ?? "").toContain("Amina Haddad");
  });

  it.each([
    [{ status: 429, retryAfterSeconds: 7 }, "rate_limited", 7000],
    [{ status: 500 }, "transient", null],
  ] as const)("connector %o: the row waits for a retry, the account stays", async (failure, kind, afterMs) => {
    const tenant = await addTenant(app.deps, operator, { name: `Landkreis retry ${failure.status}` });
    const { manager } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Ben Braun" });
    const eva = await linkTeams({ managerId: manager.id }, `a:ben-${failure.status}`, `29:ben-${failure.status}`);
    await planMessage(app.deps, app.store, {
      dedupeKey: `test:teams-retry-${failure.status}`,
      tenantId: tenant.id,
      recipientKind: "manager",
      recipientId: manager.id,
      clientId: null,
      ...outboxContent("manager.escalation.client_unlinked", { clientName: "Amina" }),
      actions: [],
      dueAt: clock.now(),
    });
    connector.failNext(failure);
    await app.runDueWork();
    const row = await app.store.outbox.findByDedupeKey(`test:teams-retry-${failure.status}`);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row?.lastError).toContain(`${kind}: teams: ${failure.status}`);
    if (afterMs !== null) expect(row?.dueAt.getTime()).toBe(clock.now().getTime() + afterMs);
    else expect(row?.dueAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await app.store.identities.get(eva.id)).toMatchObject({ active: true });
  });

  it("a reply the connector cannot take now (503) reaches the manager later through the outbox, marked as late", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis spät" });
    const { manager } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Lea Lange" });
    await linkTeams({ managerId: manager.id }, "a:lea", "29:lea");
    const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
    connector.failNext({ status: 503 });
    const activity = {
      type: "message",
      id: "act-late-1",
      channelId: "msteams",
      serviceUrl: `${connector.url}/`,
      locale: "de-DE",
      from: { id: "29:lea" },
      recipient: { id: "28:bot" },
      conversation: { id: "a:lea", conversationType: "personal" },
      text: "help",
    };
    const response = await fetch(`${address}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    expect(connector.inConversation("a:lea")).toEqual([]);
    await app.runDueWork();
    const [late] = connector.inConversation("a:lea");
    const text = readableText(late?.body) ?? "";
    expect(text.split("\n")[0]).toBe("(Diese Antwort konnte erst jetzt zugestellt werden.)");
    expect(text).toContain("/agenda");
  });
});
