import { describe, expect, it } from "vitest";
import { joinDateTimes, parseTeamsText, translateActivity } from "../../../../src/bots/teams/translate-activity.ts";

const base = {
  type: "message",
  id: "act-1",
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  locale: "de-DE",
  from: { id: "29:eva", name: "Eva Muster", aadObjectId: "6F1C2D3E-4B5A-4C6D-8E9F-0A1B2C3D4E5F" },
  recipient: { id: "28:bot", name: "Lotse" },
  conversation: { id: "a:1", conversationType: "personal", tenantId: "t-1" },
};

describe("Teams text → core inbound", () => {
  it("reads slash commands as commands and everything else as text (command words are the core's: the command table)", () => {
    expect(parseTeamsText("/plan Amina")).toEqual({ kind: "command", command: "plan", args: "Amina" });
    expect(parseTeamsText("/Agenda")).toEqual({ kind: "command", command: "agenda", args: "" });
    expect(parseTeamsText("Agenda")).toEqual({ kind: "text", text: "Agenda" });
    expect(parseTeamsText("log Amina 30 Hausbesuch")).toEqual({ kind: "text", text: "log Amina 30 Hausbesuch" });
    expect(parseTeamsText("link ABCD-2345")).toEqual({ kind: "text", text: "link ABCD-2345" });
    expect(parseTeamsText("<at>Lotse</at> help")).toEqual({ kind: "text", text: "help" });
    expect(parseTeamsText("Guten Morgen")).toEqual({ kind: "text", text: "Guten Morgen" });
    expect(parseTeamsText("   ")).toBeNull();
  });

  it("joins a card's date and time inputs into the text the core reads", () => {
    expect(joinDateTimes({ startsAt__date: "2027-12-24", startsAt__time: "10:00", place: "Rathaus" })).toEqual({
      startsAt: "2027-12-24 10:00",
      place: "Rathaus",
    });
    expect(joinDateTimes({ dueAt__date: "2027-12-24", dueAt__time: "" })).toEqual({ dueAt: "2027-12-24" });
    expect(joinDateTimes({ dueAt__date: "", dueAt__time: "" })).toEqual({ dueAt: "" });
  });
});

describe("Teams activity → what the core understands", () => {
  it("a message in a personal chat, with the conversation kept (ids only, no names) and the Entra id in lower case", () => {
    const translated = translateActivity({ ...base, text: "agenda" });
    expect(translated).toMatchObject({
      kind: "inbound",
      inbound: { kind: "text", text: "agenda" },
      session: { aadObjectId: "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f", forms: "whole" },
      cardId: null,
    });
    if (translated.kind !== "inbound") throw new Error("not inbound");
    expect(translated.session).toMatchObject({ channel: "teams", externalId: "29:eva", locale: "de-DE" });
    const ref = JSON.parse(translated.session.conversationRef ?? "{}") as Record<string, unknown>;
    expect(ref).toEqual({ v: 1, serviceUrl: base.serviceUrl, channelId: "msteams", conversationId: "a:1", tenantId: "t-1", userId: "29:eva", botId: "28:bot" });
    expect(JSON.stringify(ref)).not.toContain("Eva");
  });

  it("a card button and a card form come back as action and form, naming the card", () => {
    expect(translateActivity({ ...base, replyToId: "card-7", value: { lotseAction: "v1|cli|abc" } })).toMatchObject({
      kind: "inbound",
      inbound: { kind: "action", data: "v1|cli|abc" },
      cardId: "card-7",
    });
    expect(
      translateActivity({ ...base, replyToId: "card-8", value: { lotseForm: "appt", client: "c1", startsAt__date: "2027-01-05", startsAt__time: "09:30" } }),
    ).toMatchObject({
      kind: "inbound",
      inbound: { kind: "form", formId: "appt", values: { client: "c1", startsAt: "2027-01-05 09:30" } },
      cardId: "card-8",
    });
  });

  it("unknown card data and empty messages are unsupported; other chats are ignored; other personal activities keep the chat current", () => {
    expect(translateActivity({ ...base, value: { something: 1 } })).toMatchObject({ kind: "unsupported", fromCard: true });
    expect(translateActivity({ ...base, value: { lotseAction: "x".repeat(300) } })).toMatchObject({ kind: "unsupported", fromCard: true });
    expect(translateActivity({ ...base, attachments: [{ contentType: "image/png" }] })).toMatchObject({ kind: "unsupported", fromCard: false });
    expect(translateActivity({ ...base, text: "hi", conversation: { id: "19:x", conversationType: "channel" } })).toEqual({
      kind: "ignore",
      reason: "not_personal",
    });
    expect(translateActivity({ ...base, type: "installationUpdate" })).toMatchObject({
      kind: "refresh",
      reason: "activity_type:installationUpdate",
      session: { externalId: base.from.id, conversationRef: expect.any(String) },
    });
    expect(translateActivity({ ...base, type: "conversationUpdate", membersAdded: [{ id: "29:someone" }] })).toMatchObject({
      kind: "refresh",
      reason: "members_changed",
    });
  });

  it("the bot added to a personal chat is a welcome", () => {
    expect(translateActivity({ ...base, type: "conversationUpdate", membersAdded: [{ id: "28:bot" }] })).toMatchObject({
      kind: "welcome",
      session: { aadObjectId: "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f" },
    });
  });

  it("never throws on odd input", () => {
    for (const odd of [
      null,
      42,
      "text",
      [],
      {},
      { type: "message" },
      { ...base, from: null },
      { ...base, serviceUrl: "ftp://x" },
      { ...base, conversation: { id: 5 } },
    ]) {
      expect(translateActivity(odd)).toEqual({ kind: "ignore", reason: "malformed" });
    }
  });
});

describe("Teams file consent answers", () => {
  const invoke = (value: unknown) => translateActivity({ ...base, type: "invoke", name: "fileConsent/invoke", value });
  const uploadInfo = {
    name: "lotse-data.json",
    uploadUrl: "https://contoso-my.sharepoint.com/personal/eva/_api/v2.0/drive/root:/Apps/Lotse/lotse-data.json:/uploadSession?guid=1",
    contentUrl: "https://contoso-my.sharepoint.com/personal/eva/Documents/Apps/Lotse/lotse-data.json",
    uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
    fileType: "json",
  };

  it("reads Allow with its upload session and Decline, each naming the held file", () => {
    expect(invoke({ type: "fileUpload", action: "accept", context: { lotseFile: "f-1" }, uploadInfo })).toMatchObject({
      kind: "fileConsent",
      session: { externalId: "29:eva" },
      answer: { action: "accept", pendingId: "f-1", upload: uploadInfo },
    });
    expect(invoke({ type: "fileUpload", action: "decline", context: { lotseFile: "f-1" } })).toMatchObject({
      kind: "fileConsent",
      answer: { action: "decline", pendingId: "f-1" },
    });
  });

  it("an answer of another shape (no context, an upload URL that is no web address, an unknown action) is no answer", () => {
    for (const value of [
      { action: "accept", uploadInfo },
      { action: "accept", context: { lotseFile: "f-1" }, uploadInfo: { ...uploadInfo, uploadUrl: "file:///etc/passwd" } },
      { action: "maybe", context: { lotseFile: "f-1" } },
      null,
    ]) {
      expect(invoke(value)).toMatchObject({ kind: "fileConsent", answer: null });
    }
  });
});
