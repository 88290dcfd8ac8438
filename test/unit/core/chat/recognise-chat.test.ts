import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { ChatSession } from "../../../../src/core/dialog/inbound.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { command, keys, linkedManager, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { CountingStore } from "../../../support/counting-store.ts";
import { seedTenant } from "../../../support/seed.ts";

const AAD = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
const teamsChat = (conversationRef: string, aadObjectId: string | null = null): ChatSession => ({
  channel: "teams",
  externalId: "29:ben",
  conversationRef,
  locale: "en-US",
  aadObjectId,
  forms: "whole",
});

describe("who wrote, with the chat account kept current", () => {
  it("links a manager registered with an Entra object id on the first message, then answers it", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    await addManager(core.deps, operator, { tenantId, name: "Ben Brown", aadObjectId: AAD.toUpperCase() });
    const reply = await handleInbound(core.deps, teamsChat('{"v":1}', AAD), text("help"));
    expect(keys(reply.outbound)).toEqual(["manager.welcome", "manager.help"]);
    expect(reply).toMatchObject({ language: "en", role: "manager" });
    expect(await core.store.identities.findByExternal("teams", "29:ben")).toMatchObject({ conversationRef: '{"v":1}', active: true });
    // "link" or "start" only asked to be linked: the welcome alone.
    const other = await handleInbound(core.deps, { ...teamsChat('{"v":1}', AAD), externalId: "29:ben-phone" }, text("link"));
    expect(keys(other.outbound)).toEqual(["manager.welcome"]);
    // An id that is not an Entra object id, or of nobody, links nothing.
    const unknown = await handleInbound(core.deps, { ...teamsChat('{"v":1}', "not-a-uuid"), externalId: "29:eve" }, command("help"));
    expect(unknown.role).toBe("stranger");
  });

  it("takes a moved conversation's new reference, and writes nothing while it stays the same", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await linkedManager(core, [], teamsChat('{"v":"old"}'));
    await handleInbound(core.deps, teamsChat('{"v":"new"}'), text("help"));
    expect((await core.store.identities.findByExternal("teams", "29:ben"))?.conversationRef).toBe('{"v":"new"}');
    const counter = new CountingStore(core.store);
    await handleInbound({ ...core.deps, store: counter.store }, teamsChat('{"v":"new"}'), text("help"));
    expect(counter.calls).not.toContain("identities.update");
  });

  it("follows the chat app's language: a manager linked in German whose Teams is now English is answered in English", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    await linkedManager(core, [], { ...teamsChat('{"v":1}'), locale: "de-DE" });
    expect((await handleInbound(core.deps, { ...teamsChat('{"v":1}'), locale: "de-DE" }, text("help"))).language).toBe("de");
    expect((await handleInbound(core.deps, teamsChat('{"v":1}'), text("help"))).language).toBe("en");
    expect((await core.store.identities.findByExternal("teams", "29:ben"))?.locale).toBe("en-US");
    // A message without a locale keeps the last one known.
    expect((await handleInbound(core.deps, { ...teamsChat('{"v":1}'), locale: null }, text("help"))).language).toBe("en");
  });
});
