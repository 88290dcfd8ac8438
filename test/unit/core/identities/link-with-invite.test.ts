import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { identify } from "../../../../src/core/identities/identify.ts";
import { linkWithInvite } from "../../../../src/core/identities/link-with-invite.ts";
import { unlinkOwnIdentity } from "../../../../src/core/identities/unlink-identity.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { operator } from "../../../../src/core/actor.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

const DAY = 24 * 3600 * 1000;
const telegram = (externalId: string, code: string) => ({ channel: "telegram", externalId, conversationRef: `{"chatId":"${externalId}"}`, locale: "de", code });

describe("linking a chat account with an invite", () => {
  it("links a manager: the account is then identified as that staff member", async () => {
    const { deps, store } = testCore();
    const { tenantId } = await seedWorld(store);
    const { manager, invite } = await addManager(deps, operator, { tenantId, name: "Neu Managerin" });
    const linked = await linkWithInvite(deps, telegram("1001", invite.code));
    expect(linked.kind).toBe("manager");
    const who = await identify(deps, "telegram", "1001");
    expect(who.actor).toEqual({ kind: "staff", managerId: manager.id, tenantId, role: "manager" });
  });

  it("links a client, accepting the code typed in lower case with spaces", async () => {
    const { deps, store } = testCore();
    const { manager } = await seedWorld(store);
    const { client, invite } = await createClient(deps, staffActor(manager), { name: "Yusuf", language: "ar" });
    const typed = ` ${invite.code.toLowerCase().slice(0, 4)} ${invite.code.toLowerCase().slice(4)} `;
    await linkWithInvite(deps, telegram("2002", typed));
    const who = await identify(deps, "telegram", "2002");
    expect(who.actor).toEqual({ kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId });
  });

  it("refuses an unknown, a used and an expired code with distinct codes", async () => {
    const { deps, store, clock } = testCore();
    const { manager } = await seedWorld(store);
    const first = await createClient(deps, staffActor(manager), { name: "A", language: "ar" });
    const second = await createClient(deps, staffActor(manager), { name: "B", language: "ar" });
    await expect(linkWithInvite(deps, telegram("1", "NOPE0000"))).rejects.toMatchObject({ code: "invite_invalid" });
    await linkWithInvite(deps, telegram("2", first.invite.code));
    await expect(linkWithInvite(deps, telegram("3", first.invite.code))).rejects.toMatchObject({ code: "invite_used" });
    clock.advance(7 * DAY);
    await expect(linkWithInvite(deps, telegram("4", second.invite.code))).rejects.toMatchObject({ code: "invite_expired" });
    expect((await identify(deps, "telegram", "3")).actor.kind).toBe("stranger");
  });

  it("after a phone change the new account is linked and the old one stops receiving messages", async () => {
    const { deps, store } = testCore();
    const { manager, client } = await seedWorld(store);
    const { issueClientInvite } = await import("../../../../src/core/cases/issue-client-invite.ts");
    const firstCode = await issueClientInvite(deps, staffActor(manager), { clientId: client.id });
    await linkWithInvite(deps, telegram("old-phone", firstCode.code));
    const secondCode = await issueClientInvite(deps, staffActor(manager), { clientId: client.id });
    await linkWithInvite(deps, telegram("new-phone", secondCode.code));
    expect((await store.identities.listForClient(client.id)).map((i) => i.externalId)).toEqual(["new-phone"]);
    expect((await identify(deps, "telegram", "old-phone")).actor.kind).toBe("stranger");
  });

  it("lets a person unlink their own account, and no one else's", async () => {
    const { deps, store } = testCore();
    const { manager, client } = await seedWorld(store);
    const { invite } = await createClient(deps, staffActor(manager), { name: "C", language: "uk" });
    await linkWithInvite(deps, telegram("5005", invite.code));
    const who = await identify(deps, "telegram", "5005");
    await expect(
      unlinkOwnIdentity(deps, { kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId }, "telegram", "5005"),
    ).rejects.toMatchObject({ code: "forbidden" });
    await unlinkOwnIdentity(deps, who.actor, "telegram", "5005");
    expect((await identify(deps, "telegram", "5005")).actor.kind).toBe("stranger");
  });
});
