import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { conversationRefOf } from "../../src/bots/teams/conversation-ref.ts";
import { FILE_CONSENT_CARD, FILE_INFO_CARD, PENDING_TTL_MS } from "../../src/bots/teams/file-consent.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { giveConsent } from "../../src/core/consent/give-consent.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { FakeConnector, type ConnectorCall } from "../support/fake-connector.ts";
import { TeamsDriver, type TeamsPerson } from "../support/lifecycle-teams.ts";
import { staffActor } from "../support/seed.ts";
import { readableText } from "../support/teams-text.ts";

/**
 * Files on Teams through real HTTP: a client on Teams asks for their data (/mydata); the JSON file is offered with a
 * file consent card (Teams takes no file from a bot inline in a personal chat). "Allow" (the fileConsent/invoke with
 * the upload URL Teams gives) uploads exactly the file's bytes there and shows the file info card; "Decline" says
 * the file was not saved; the same answer again uploads nothing a second time.
 */

const DATA_KEY = Buffer.from("lotse-e2e-teams-files-0123456789").toString("base64");
const translator = createTranslator({ localesDir });
const clock = new FakeClock("2027-03-01T09:00:00Z"); // 10:00 in Berlin: no quiet hours
const t = (key: string, language: string) => translator.renderText(key, undefined, language);

let db: TestDatabase;
let connector: FakeConnector;
let app: App;
let teams: TeamsDriver;
let nextPerson = 1;

beforeAll(async () => {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  db = await sqlite.create();
  connector = new FakeConnector();
  await connector.start();
  const config = readConfig({ NODE_ENV: "test", DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY, TEAMS_DEV_UNAUTHENTICATED: "true" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  app = await createApp(config.config, { logger: createLogger("silent"), translator, clock });
  teams = new TeamsDriver(connector, await app.server.listen({ port: 0, host: "127.0.0.1" }), "act-files");
});

afterAll(async () => {
  await app?.close();
  await connector?.stop();
  await db?.drop();
});

/** A client linked on Teams (in their language) whose manager is Eva. */
async function givenTeamsClient(language: "de" | "en" | "ar"): Promise<TeamsPerson> {
  const n = nextPerson++;
  const tenant = await addTenant(app.deps, operator, { name: `Landkreis ${n}` });
  const { manager } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  const { client } = await createClient(app.deps, staffActor(manager), { name: "Amina Haddad", language });
  await giveConsent(app.deps, staffActor(manager), { clientId: client.id, purposes: ["messaging"], channel: "in_person" });
  const person: TeamsPerson = { id: `29:amina-${n}`, conversation: `a:amina-${n}`, locale: "de-DE" };
  await app.store.identities.upsert({
    id: `identity-amina-${n}`,
    channel: "teams",
    externalId: person.id,
    conversationRef: conversationRefOf({
      serviceUrl: `${connector.url}/`,
      channelId: "msteams",
      conversation: { id: person.conversation },
      from: { id: person.id },
      recipient: { id: "28:lotse-bot" },
    }),
    managerId: null,
    clientId: client.id,
    locale: person.locale,
    active: true,
    linkedAt: clock.now(),
    deactivatedAt: null,
  });
  return person;
}

interface ConsentCard {
  name: string;
  content: { description: string; sizeInBytes: number; acceptContext: Record<string, unknown>; declineContext: Record<string, unknown> };
}

/** Asks for /mydata and returns the consent card the answer carries. */
async function askForData(person: TeamsPerson): Promise<{ card: ConsentCard; call: ConnectorCall }> {
  const replies = await teams.write(person, "/mydata");
  const call = replies.find((reply) => reply.body.attachments?.some((attachment) => attachment.contentType === FILE_CONSENT_CARD));
  const card = call?.body.attachments?.find((attachment) => attachment.contentType === FILE_CONSENT_CARD) as unknown as ConsentCard | undefined;
  if (!call || !card) throw new Error(`no file consent card in ${JSON.stringify(replies.map((reply) => reply.body))}`);
  return { card, call };
}

/** "Allow" on the card: Teams sends the accept context back with an upload session in the person's OneDrive. */
const accept = (person: TeamsPerson, card: ConsentCard, call: ConnectorCall, id?: string) =>
  teams.post(person, {
    ...(id ? { id } : {}),
    type: "invoke",
    name: "fileConsent/invoke",
    replyToId: call.storedId,
    value: {
      type: "fileUpload",
      action: "accept",
      context: card.content.acceptContext,
      uploadInfo: {
        name: card.name,
        uploadUrl: connector.uploadUrl(card.name),
        contentUrl: `https://contoso-my.sharepoint.com/personal/amina/Documents/Applications/Lotse/${card.name}`,
        uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
        fileType: "json",
      },
    },
  });

const decline = (person: TeamsPerson, card: ConsentCard, call: ConnectorCall) =>
  teams.post(person, {
    type: "invoke",
    name: "fileConsent/invoke",
    replyToId: call.storedId,
    value: { type: "fileUpload", action: "decline", context: card.content.declineContext },
  });

describe("Teams: files through the file consent card", () => {
  it("the data export comes as a consent card with its name, size and a description in the client's language, never as an inline data URI", async () => {
    const amina = await givenTeamsClient("ar");
    const replies = await teams.write(amina, "/mydata");
    const urls = replies.flatMap((reply) => reply.body.attachments ?? []).map((attachment) => attachment.contentUrl ?? "");
    expect(urls.filter((url) => url.startsWith("data:"))).toEqual([]);
    const { card } = await askForData(amina);
    expect(card.name).toBe("lotse-data.json");
    expect(card.content.description).toBe(t("dialog.teams_file.description", "ar"));
    expect(card.content.sizeInBytes).toBeGreaterThan(100);
    expect(card.content.acceptContext).toEqual(card.content.declineContext);
  });

  it("Allow: exactly the file's bytes are uploaded in one PUT with its Content-Range, then the file info card opens it", async () => {
    const amina = await givenTeamsClient("de");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    const replies = await accept(amina, card, call);
    const uploaded = connector.uploads.slice(uploadsBefore);
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]?.bytes.length).toBe(card.content.sizeInBytes);
    expect(uploaded[0]?.contentRange).toBe(`bytes 0-${card.content.sizeInBytes - 1}/${card.content.sizeInBytes}`);
    const data = JSON.parse(uploaded[0]?.bytes.toString("utf8") ?? "{}") as { client?: { name?: string } };
    expect(data.client?.name).toBe("Amina Haddad");
    const info = replies.flatMap((reply) => reply.body.attachments ?? []).find((attachment) => attachment.contentType === FILE_INFO_CARD);
    expect(info).toMatchObject({
      name: "lotse-data.json",
      contentUrl: expect.stringContaining("/Lotse/lotse-data.json"),
      content: { uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D", fileType: "json" },
    });
  });

  it("Allow twice (the same activity redelivered, then a second tap): one upload; the second tap is told the file was already saved", async () => {
    const amina = await givenTeamsClient("en");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    await accept(amina, card, call, "act-files-replayed");
    const redelivered = await accept(amina, card, call, "act-files-replayed");
    expect(redelivered).toEqual([]);
    const again = await accept(amina, card, call);
    expect(connector.uploads.length - uploadsBefore).toBe(1);
    expect(again.map((reply) => readableText(reply.body))).toEqual([t("dialog.teams_file.gone", "en")]);
  });

  it("Decline: nothing is uploaded and the client reads that the file was not saved; a later Allow on the same card uploads nothing", async () => {
    const amina = await givenTeamsClient("ar");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    const replies = await decline(amina, card, call);
    expect(replies.map((reply) => readableText(reply.body))).toEqual([t("dialog.teams_file.declined", "ar")]);
    await accept(amina, card, call);
    expect(connector.uploads.length).toBe(uploadsBefore);
  });

  it("the file is kept only briefly: Allow after the holding time uploads nothing and says to ask again", async () => {
    const amina = await givenTeamsClient("de");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    clock.advance(PENDING_TTL_MS + 1000);
    const replies = await accept(amina, card, call);
    expect(connector.uploads.length).toBe(uploadsBefore);
    expect(replies.map((reply) => readableText(reply.body))).toEqual([t("dialog.teams_file.gone", "de")]);
  });

  it("an upload Teams refuses: the client is told to ask again later; nothing is recorded as uploaded", async () => {
    const amina = await givenTeamsClient("en");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    connector.failUploads(500);
    const replies = await accept(amina, card, call);
    expect(connector.uploads.length).toBe(uploadsBefore);
    expect(replies.map((reply) => readableText(reply.body))).toEqual([t("dialog.teams_file.failed", "en")]);
  });

  it("someone else's Allow with the card's context uploads nothing", async () => {
    const amina = await givenTeamsClient("de");
    const omar = await givenTeamsClient("de");
    const { card, call } = await askForData(amina);
    const uploadsBefore = connector.uploads.length;
    await accept(omar, card, call);
    expect(connector.uploads.length).toBe(uploadsBefore);
    await accept(amina, card, call);
    expect(connector.uploads.length).toBe(uploadsBefore + 1);
  });
});
