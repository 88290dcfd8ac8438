import { describe, expect, it } from "vitest";
import { LATER_REPLY_KEY, queueUnsentReply } from "../../../../src/core/chat/queue-unsent-reply.ts";
import { linkedManager, telegramChat } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

/** Replies the channel could not take go to the outbox for the person who wrote; once, and never to strangers. */

describe("queueUnsentReply", () => {
  it("queues each unsent reply text for the manager who wrote, once, due now", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const chat = telegramChat("300");
    const { manager } = await linkedManager(core, [], chat);
    expect(await queueUnsentReply(core.deps, chat, "bot:1", ["Heute: nichts", "", "Morgen: Rathaus"])).toBe(2);
    expect(await queueUnsentReply(core.deps, chat, "bot:1", ["Heute: nichts", "", "Morgen: Rathaus"])).toBe(2);
    const rows = await core.store.outbox.listPendingForRecipient("manager", manager.id);
    expect(rows.map((row) => [row.messageKey, row.params, row.dueAt.toISOString(), row.actions])).toEqual([
      [LATER_REPLY_KEY, { text: "Heute: nichts" }, "2027-03-01T09:00:00.000Z", []],
      [LATER_REPLY_KEY, { text: "Morgen: Rathaus" }, "2027-03-01T09:00:00.000Z", []],
    ]);
  });

  it("keeps nothing for a stranger (nobody to address it to)", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    expect(await queueUnsentReply(core.deps, telegramChat("999"), "bot:2", ["Hallo"])).toBe(0);
    expect([...core.store.state.outbox.values()]).toEqual([]);
  });
});
