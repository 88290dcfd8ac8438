import { describe, expect, it } from "vitest";
import type { ConversationMessage } from "../../../src/core/conversations/model.ts";
import type { SealedColumn } from "../../../src/core/privacy/repositories.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

/**
 * Messages between clients and their managers. Every row here is created in 2027, except those of the retention test
 * (1990), so that `deleteExpired` touches no row of another test.
 */
export function conversationsContract(context: ContractContext): void {
  describe("conversations", () => {
    const store = () => context.store();

    function message(
      tenantId: string,
      clientId: string,
      managerId: string,
      createdAt: string,
      overrides: Partial<ConversationMessage> = {},
    ): ConversationMessage {
      return {
        id: context.unique("conv"),
        tenantId,
        clientId,
        managerId,
        direction: "from_client",
        status: "open",
        text: "Ich habe einen Brief vom Jobcenter bekommen.",
        phraseCode: null,
        file: null,
        replyToId: null,
        createdAt: at(createdAt),
        passedAt: null,
        closedAt: null,
        ...overrides,
      };
    }

    const create = async (...messages: ConversationMessage[]) => {
      for (const m of messages) await store().conversations.create(m);
    };
    const ids = (messages: ConversationMessage[]) => messages.map((m) => m.id);

    it("creates, gets and updates a message with every field, with a file and without", async () => {
      const { tenantId, client } = await seedClient(context);
      const managerId = context.unique("manager");
      const draft = message(tenantId, client.id, managerId, "2027-03-01T09:00:00Z", { status: "draft" });
      const photo = message(tenantId, client.id, managerId, "2027-03-01T09:05:00Z", {
        status: "draft",
        text: "Das ist der Brief – was soll ich tun?",
        file: { kind: "document", channel: "telegram", ref: "BQACAgIAAxkBAAIBZ2Vh", name: "Bescheid Jobcenter.pdf", mimeType: "application/pdf" },
      });
      const voice = message(tenantId, client.id, managerId, "2027-03-01T09:06:00Z", {
        text: null,
        file: { kind: "voice", channel: "telegram", ref: null, name: null, mimeType: null },
        passedAt: at("2027-03-01T09:07:00Z"),
      });
      const answer = message(tenantId, client.id, managerId, "2027-03-01T10:00:00Z", {
        direction: "to_client",
        status: "sent",
        text: null,
        phraseCode: "will_call_you",
        replyToId: photo.id,
        passedAt: at("2027-03-01T10:00:00Z"),
      });
      await create(draft, photo, voice, answer);
      expect(await store().conversations.get(draft.id)).toEqual(draft);
      expect(await store().conversations.get(photo.id)).toEqual(photo);
      expect(await store().conversations.get(voice.id)).toEqual(voice);
      expect(await store().conversations.get(answer.id)).toEqual(answer);
      expect(await store().conversations.get(context.unique("conv"))).toBeNull();
      await expect(store().conversations.create(draft)).rejects.toThrow();

      // Passed on (the file reference goes), then answered; a draft loses its text and gains a file.
      const passed: ConversationMessage = {
        ...photo,
        status: "answered",
        file: { kind: "document", channel: "telegram", ref: null, name: "Bescheid Jobcenter.pdf", mimeType: "application/pdf" },
        passedAt: at("2027-03-01T09:10:00Z"),
        closedAt: at("2027-03-01T10:00:00Z"),
      };
      await store().conversations.update(passed);
      expect(await store().conversations.get(photo.id)).toEqual(passed);
      const changed: ConversationMessage = {
        ...draft,
        text: null,
        file: { kind: "photo", channel: "telegram", ref: "AgACAgIAAxkBAAIBaGVh", name: null, mimeType: "image/jpeg" },
      };
      await store().conversations.update(changed);
      expect(await store().conversations.get(draft.id)).toEqual(changed);
      const withoutFile: ConversationMessage = { ...changed, text: "Doch nur Text.", file: null, status: "done", closedAt: at("2027-03-02T08:00:00Z") };
      await store().conversations.update(withoutFile);
      expect(await store().conversations.get(draft.id)).toEqual(withoutFile);
    });

    it("finds the newest draft of that client only", async () => {
      const { tenantId, client } = await seedClient(context);
      const other = (await seedClient(context, { tenantId })).client;
      const nobody = (await seedClient(context, { tenantId })).client;
      const managerId = context.unique("manager");
      const older = message(tenantId, client.id, managerId, "2027-03-01T09:00:00Z", { status: "draft" });
      const newest = message(tenantId, client.id, managerId, "2027-03-01T10:00:00Z", { status: "draft" });
      const open = message(tenantId, client.id, managerId, "2027-03-01T11:00:00Z", { status: "open" });
      const others = message(tenantId, other.id, managerId, "2027-03-01T12:00:00Z", { status: "draft" });
      await create(newest, others, open, older);
      expect(await store().conversations.findDraft(client.id)).toEqual(newest);
      expect(await store().conversations.findDraft(other.id)).toEqual(others);
      expect(await store().conversations.findDraft(nobody.id)).toBeNull();
      await store().conversations.update({ ...newest, status: "open", passedAt: at("2027-03-01T10:01:00Z") });
      expect(await store().conversations.findDraft(client.id)).toEqual(older);
    });

    it("lists a manager's open messages oldest first, and only those with status open", async () => {
      const { tenantId, client } = await seedClient(context);
      const other = (await seedClient(context, { tenantId })).client;
      const managerId = context.unique("manager");
      const otherManager = context.unique("manager");
      const first = message(tenantId, client.id, managerId, "2027-03-01T09:00:00Z");
      const second = message(tenantId, other.id, managerId, "2027-03-01T09:30:00Z");
      const third = message(tenantId, client.id, managerId, "2027-03-01T10:00:00Z");
      await create(
        third,
        message(tenantId, client.id, managerId, "2027-03-01T08:00:00Z", { status: "draft" }),
        message(tenantId, client.id, managerId, "2027-03-01T08:10:00Z", { status: "answered" }),
        message(tenantId, client.id, managerId, "2027-03-01T08:20:00Z", { status: "done" }),
        message(tenantId, client.id, managerId, "2027-03-01T08:30:00Z", { direction: "to_client", status: "sent" }),
        message(tenantId, client.id, otherManager, "2027-03-01T08:40:00Z"),
        first,
        second,
      );
      expect(await store().conversations.listOpenForManager(managerId)).toEqual([first, second, third]);
      expect(ids(await store().conversations.listOpenForManager(otherManager))).toHaveLength(1);
      expect(await store().conversations.listOpenForManager(context.unique("manager"))).toEqual([]);
    });

    it("lists everything of a client oldest first; deleting it for the client leaves the others' messages", async () => {
      const { tenantId, client } = await seedClient(context);
      const other = (await seedClient(context, { tenantId })).client;
      const managerId = context.unique("manager");
      const question = message(tenantId, client.id, managerId, "2027-03-01T09:00:00Z", { status: "answered" });
      const answer = message(tenantId, client.id, managerId, "2027-03-01T09:30:00Z", {
        direction: "to_client",
        status: "sent",
        text: "Ich rufe Sie morgen an.",
        replyToId: question.id,
      });
      const draft = message(tenantId, client.id, managerId, "2027-03-02T07:00:00Z", { status: "draft" });
      const others = message(tenantId, other.id, managerId, "2027-03-01T08:00:00Z");
      await create(draft, answer, others, question);
      expect(await store().conversations.listForClient(client.id)).toEqual([question, answer, draft]);
      expect(await store().conversations.deleteForClient(client.id)).toBe(3);
      expect(await store().conversations.listForClient(client.id)).toEqual([]);
      expect(await store().conversations.get(question.id)).toBeNull();
      expect(await store().conversations.findDraft(client.id)).toBeNull();
      expect(await store().conversations.listForClient(other.id)).toEqual([others]);
      expect(await store().conversations.deleteForClient(client.id)).toBe(0);
    });

    it("retention: deletes drafts created before draftsBefore and every other message created before before", async () => {
      const { tenantId, client } = await seedClient(context);
      const managerId = context.unique("manager");
      const before = at("1990-03-01T00:00:00Z");
      const draftsBefore = at("1990-06-01T00:00:00Z");
      const m = (createdAt: string, overrides: Partial<ConversationMessage> = {}) => message(tenantId, client.id, managerId, createdAt, overrides);
      const oldOpen = m("1990-02-01T00:00:00Z");
      const oldSent = m("1990-02-28T23:59:59Z", { direction: "to_client", status: "sent" });
      const oldDraft = m("1990-02-15T00:00:00Z", { status: "draft" });
      const laterDraft = m("1990-05-31T00:00:00Z", { status: "draft" });
      const atBefore = m("1990-03-01T00:00:00Z", { status: "answered" });
      const recentDone = m("1990-04-01T00:00:00Z", { status: "done" });
      const freshDraft = m("1990-06-01T00:00:00Z", { status: "draft" });
      await create(oldOpen, oldSent, oldDraft, laterDraft, atBefore, recentDone, freshDraft);
      expect(await store().conversations.deleteExpired(before, draftsBefore)).toBe(4);
      expect(ids(await store().conversations.listForClient(client.id))).toEqual(ids([atBefore, recentDone, freshDraft]));
      expect(await store().conversations.deleteExpired(before, draftsBefore)).toBe(0);
    });

    it("privacy: lists the sealed columns (text, file reference, file name) of the messages that have them, and replaces one only while unchanged", async () => {
      const { tenantId, client } = await seedClient(context);
      const managerId = context.unique("manager");
      const full = message(tenantId, client.id, managerId, "2027-04-01T09:00:00Z", {
        text: "Brief anbei",
        file: { kind: "document", channel: "telegram", ref: "ref-1", name: "Brief.pdf", mimeType: "application/pdf" },
      });
      const passed = message(tenantId, client.id, managerId, "2027-04-01T09:01:00Z", {
        text: null,
        file: { kind: "photo", channel: "telegram", ref: null, name: "Foto.jpg", mimeType: "image/jpeg" },
      });
      const phrase = message(tenantId, client.id, managerId, "2027-04-01T09:02:00Z", {
        direction: "to_client",
        status: "sent",
        text: null,
        phraseCode: "done",
      });
      await create(full, passed, phrase);
      const mine = [full.id, passed.id, phrase.id];
      const listed = async (column: SealedColumn) =>
        (await store().privacy.listSealed(column, null, 100_000)).filter((v) => mine.includes(v.rowId)).map((v) => [v.rowId, v.value]);
      expect(await listed("conversationMessage.text")).toEqual([[full.id, "Brief anbei"]]);
      expect(await listed("conversationMessage.fileRef")).toEqual([[full.id, "ref-1"]]);
      const names = await listed("conversationMessage.fileName");
      expect(names).toHaveLength(2);
      expect(names).toEqual(
        expect.arrayContaining([
          [full.id, "Brief.pdf"],
          [passed.id, "Foto.jpg"],
        ]),
      );
      const firstId = names[0]?.[0] ?? null;
      const after = await store().privacy.listSealed("conversationMessage.fileName", firstId, 100_000);
      expect(after.map((v) => v.rowId)).not.toContain(firstId);
      expect(after.map((v) => v.rowId)).toContain(names[1]?.[0]);
      expect(await store().privacy.replaceSealed("conversationMessage.fileRef", full.id, "ref-other", "sealed(ref)")).toBe(false);
      expect(await store().privacy.replaceSealed("conversationMessage.fileRef", full.id, "ref-1", "sealed(ref)")).toBe(true);
      expect(await store().privacy.replaceSealed("conversationMessage.text", phrase.id, "x", "sealed(x)")).toBe(false);
      expect(await listed("conversationMessage.fileRef")).toEqual([[full.id, "sealed(ref)"]]);
    });
  });
}
