import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamsAdapter } from "../../../../src/bots/teams/teams-channel.ts";
import { conversationRefOf } from "../../../../src/bots/teams/conversation-ref.ts";
import { createTeamsSender } from "../../../../src/bots/teams/teams-sender.ts";
import { createPendingFiles, FILE_CONSENT_CARD } from "../../../../src/bots/teams/file-consent.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import type { ChannelIdentity } from "../../../../src/core/identities/model.ts";
import { SendError, type ChannelSender, type Recipient } from "../../../../src/delivery/ports.ts";
import { FakeConnector } from "../../../support/fake-connector.ts";

/** Proactive messages through a stored conversation reference, against a fake connector on loopback. */

let connector: FakeConnector;
let sender: ChannelSender;

beforeAll(async () => {
  connector = new FakeConnector();
  await connector.start();
  // The adapter the channel uses (with its onTurnError); no app id: unauthenticated (the dev mode), the connector
  // calls are the same, without a token.
  const adapter = createTeamsAdapter({ appType: "MultiTenant", devUnauthenticated: true }, { error: () => undefined });
  sender = createTeamsSender({ adapter, appId: "" });
});
afterAll(async () => connector.stop());

const identity = (conversationRef: string | null): ChannelIdentity => ({
  id: "identity-1",
  channel: "teams",
  externalId: "29:eva",
  conversationRef,
  managerId: "m-1",
  clientId: null,
  locale: "de-DE",
  active: true,
  linkedAt: new Date("2026-01-01T00:00:00Z"),
  deactivatedAt: null,
});
const recipient = (conversationId = "a:eva"): Recipient => ({
  kind: "manager",
  id: "m-1",
  name: "Eva",
  language: "de",
  timezone: "Europe/Berlin",
  identity: identity(
    conversationRefOf({
      serviceUrl: `${connector.url}/`,
      channelId: "msteams",
      conversation: { id: conversationId },
      from: { id: "29:eva" },
      recipient: { id: "28:bot" },
    }),
  ),
});

async function failure(promise: Promise<unknown>): Promise<SendError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof SendError)) throw new Error(`expected a SendError, got ${String(error)}`);
  return error;
}

describe("Teams sender with a client's file", () => {
  const photo = { kind: "photo" as const, channel: "telegram" as const, ref: "AgAC", name: null, mimeType: "image/jpeg" };
  const withFetcher = (bytes: number) =>
    createTeamsSender({
      adapter: createTeamsAdapter({ appType: "MultiTenant", devUnauthenticated: true }, { error: () => undefined }),
      appId: "",
      fetchFile: async () => ({ bytes: Buffer.alloc(bytes, 7), mimeType: "image/jpeg", name: "foto.jpg" }),
    });
  const message = { text: "Amina hat ein Foto geschickt.", buttons: [], file: photo, fileMissingText: "Die Datei war zu groß." };

  it("attaches the fetched file as an inline image", async () => {
    await withFetcher(1000).send(recipient("a:file-small"), message);
    const [call] = connector.inConversation("a:file-small");
    expect(call?.body.attachments?.[0]).toMatchObject({
      contentType: "image/jpeg",
      contentUrl: `data:image/jpeg;base64,${Buffer.alloc(1000, 7).toString("base64")}`,
    });
    expect(call?.body.text).not.toContain("zu groß");
  });

  it("a file too big for the connector goes as the text alone, which says so", async () => {
    await withFetcher(400 * 1024).send(recipient("a:file-big"), message);
    const [call] = connector.inConversation("a:file-big");
    expect(call?.body.attachments ?? []).toEqual([]);
    expect(call?.body.text).toContain("Die Datei war zu groß.");
  });

  it("a 413 from the connector for the message with the file: sent again as the text alone, which says so", async () => {
    connector.failNext({ status: 413 });
    const sent = await withFetcher(1000).send(recipient("a:file-413"), message);
    const calls = connector.inConversation("a:file-413");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.text).toContain("Die Datei war zu groß.");
    expect(sent.providerMessageId).toBe(`a:file-413:${calls[0]?.storedId}`);
  });
});

describe("Teams sender with an appointment notice's calendar file", () => {
  it("offers the file with a consent card in the recipient's language, held for the recipient's Allow a day long", async () => {
    const clock = new FakeClock("2027-03-01T09:00:00Z");
    let nextId = 1;
    const pending = createPendingFiles(clock, () => `file-${nextId++}`);
    const withConsent = createTeamsSender({
      adapter: createTeamsAdapter({ appType: "MultiTenant", devUnauthenticated: true }, { error: () => undefined }),
      appId: "",
      files: { pending, description: (language) => `description in ${language}` },
    });
    const content = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    await withConsent.send(recipient("a:calendar-consent"), {
      text: "Neuer Termin mit Eva Muster.",
      buttons: [[{ label: "Ich komme", data: "v1|apc|a1|c|abc" }]],
      calendar: { fileName: "Termin-2027-03-29.ics", content },
    });
    const attachments = connector.inConversation("a:calendar-consent")[0]?.body.attachments ?? [];
    expect(attachments.map((attachment) => attachment.contentType)).toEqual(["application/vnd.microsoft.card.adaptive", FILE_CONSENT_CARD]);
    expect(attachments[1]).toMatchObject({
      name: "Termin-2027-03-29.ics",
      content: { description: "description in de", sizeInBytes: Buffer.byteLength(content), acceptContext: { lotseFile: "file-1" } },
    });
    expect(JSON.stringify(attachments)).not.toContain("data:");
    clock.advance(23 * 60 * 60 * 1000);
    expect(pending.take("file-1", "29:someone-else")).toBeNull();
    expect(pending.take("file-1", "29:eva")?.bytes.toString("utf8")).toBe(content);
    expect(pending.take("file-1", "29:eva")).toBeNull();
  });

  it("without the consent flow attaches the file inline beside the card with the answer buttons; a venue has no Teams form and is left out", async () => {
    const content = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    await sender.send(recipient("a:calendar"), {
      text: "Neuer Termin mit Eva Muster.",
      buttons: [[{ label: "Ich komme", data: "v1|apc|a1|c|abc" }]],
      calendar: { fileName: "Termin-2027-03-29.ics", content },
      venue: { latitude: 48.7, longitude: 9.4, title: "Termin mit Eva Muster", address: "Rathaus" },
    });
    const attachments = connector.inConversation("a:calendar")[0]?.body.attachments ?? [];
    expect(attachments.map((attachment) => attachment.contentType)).toEqual(["application/vnd.microsoft.card.adaptive", "text/calendar"]);
    expect(JSON.stringify(attachments[0]?.content)).toContain('"lotseAction":"v1|apc|a1|c|abc"');
    expect(attachments[1]).toMatchObject({
      name: "Termin-2027-03-29.ics",
      contentUrl: `data:text/calendar;charset=utf-8;base64,${Buffer.from(content, "utf8").toString("base64")}`,
    });
  });
});

describe("Teams sender", () => {
  it("writes into the stored conversation: text as text, buttons as a card with the encoded actions", async () => {
    const sent = await sender.send(recipient("a:one"), { text: "Amina braucht Unterstützung", buttons: [] });
    const [call] = connector.inConversation("a:one");
    expect(call?.body).toMatchObject({ type: "message", text: "Amina braucht Unterstützung", textFormat: "xml" });
    expect(sent.providerMessageId).toBe(`a:one:${call?.storedId}`);

    await sender.send(recipient("a:two"), { text: "Fortschreibung fällig", buttons: [[{ label: "Erledigt", data: "v1|rvd|p1" }]] });
    const card = connector.inConversation("a:two")[0]?.body.attachments?.[0];
    expect(card?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(card?.content)).toContain('"lotseAction":"v1|rvd|p1"');
  });

  it("429 is rate limited for as long as Retry-After says", async () => {
    connector.failNext({ status: 429, retryAfterSeconds: 3 });
    const error = await failure(sender.send(recipient(), { text: "x", buttons: [] }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(3000);
  });

  it.each([412, 500, 502, 503, 504])("%i is retried with backoff (by the dispatcher, not inside the send)", async (status) => {
    connector.failNext({ status }, { status });
    expect((await failure(sender.send(recipient(), { text: "x", buttons: [] }))).kind).toBe("transient");
    expect(connector.pendingFailures).toBe(1);
    connector.failNext();
    expect((await failure(sender.send(recipient(), { text: "x", buttons: [] }))).kind).toBe("transient");
  });

  it("a dropped socket is retried with backoff (transient), like a 5xx", async () => {
    connector.failNext({ drop: true });
    expect((await failure(sender.send(recipient(), { text: "x", buttons: [] }))).kind).toBe("transient");
  });

  it.each([403, 404])("%i (bot removed, conversation gone) is never retried", async (status) => {
    connector.failNext({ status });
    expect((await failure(sender.send(recipient(), { text: "x", buttons: [] }))).kind).toBe("blocked");
  });

  it("400 is a permanent failure; so is an identity without a usable conversation reference", async () => {
    connector.failNext({ status: 400 });
    expect((await failure(sender.send(recipient(), { text: "x", buttons: [] }))).kind).toBe("permanent");
    const broken = { ...recipient(), identity: identity('{"chatId": 5}') };
    expect((await failure(sender.send(broken, { text: "x", buttons: [] }))).kind).toBe("permanent");
    expect((await failure(sender.send({ ...recipient(), identity: identity(null) }, { text: "x", buttons: [] }))).kind).toBe("permanent");
  });
});
