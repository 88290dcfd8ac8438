import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { setManagerActive } from "../../../../src/core/setup/set-manager-active.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { command, keys, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedClient, seedTenant } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

/** A team: Eva (a, 2 open cases, one more shared), Jonas (b), Lea (no qualification, deactivated), supervisor Sabine, all linked. */
async function team(core: TestCore) {
  const tenantId = await seedTenant(core.store, "Landkreis Team");
  const eva = (await addManager(core.deps, operator, { tenantId, name: "Eva Muster", qualification: "a" })).manager;
  const jonas = (await addManager(core.deps, operator, { tenantId, name: "Jonas Beispiel", qualification: "b" })).manager;
  const lea = (await addManager(core.deps, operator, { tenantId, name: "Lea Weg" })).manager;
  await setManagerActive(core.deps, operator, { managerId: lea.id, active: false });
  for (const name of ["Amina Haddad", "Omar Haddad"]) await seedClient(core.store, tenantId, { managerId: eva.id, name });
  const shared = await seedClient(core.store, tenantId, { managerId: jonas.id, name: "Olena Koval" });
  await core.store.assignments.assign({ clientId: shared.id, managerId: eva.id, kind: "shared", createdAt: core.clock.now() });
  const supervisor = await addManager(core.deps, operator, { tenantId, name: "Sabine Aufsicht", role: "supervisor" });
  const supervisorChat = telegramChat("900");
  await handleInbound(core.deps, supervisorChat, command("start", supervisor.invite.code));
  const evaInvite = await addManager(core.deps, operator, { tenantId, name: "Eva Zwei", qualification: "a" });
  const evaChat = telegramChat("901");
  await handleInbound(core.deps, evaChat, command("start", evaInvite.invite.code));
  return { supervisorChat, evaChat };
}

const rendered = (outbound: Outbound[], language: string) => outbound.map((o) => translator.renderOutbound(o, { language }).text).join("\n\n");

describe("/staff for supervisors and admins in the chat", () => {
  it("lists the team with role, qualification, active or not and open cases, and the team's qualification mix", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { supervisorChat } = await team(core);
    const reply = await handleInbound(core.deps, supervisorChat, command("staff"));
    const [message] = reply.outbound;
    expect(reply.outbound).toHaveLength(1);
    expect(message?.parts[0]).toEqual({ key: "manager_staff.title", params: { tenant: "Landkreis Team" } });
    expect(message?.parts.filter((p) => p.key === "manager_staff.line").map((p) => p.params)).toEqual([
      {
        index: 1,
        name: "Eva Muster",
        role: { t: "key", key: "manager_staff.role.manager" },
        status: { t: "key", key: "manager_staff.status.active" },
        qualification: "a",
        primary: 2,
        shared: 1,
      },
      expect.objectContaining({ index: 2, name: "Eva Zwei", qualification: "a", primary: 0, shared: 0 }),
      expect.objectContaining({ index: 3, name: "Jonas Beispiel", qualification: "b", primary: 1, shared: 0 }),
      expect.objectContaining({
        index: 4,
        name: "Lea Weg",
        status: { t: "key", key: "manager_staff.status.inactive" },
        qualification: { t: "key", key: "manager_staff.qualification_none" },
      }),
      expect.objectContaining({ index: 5, name: "Sabine Aufsicht", role: { t: "key", key: "manager_staff.role.supervisor" } }),
    ]);
    expect(message?.parts.slice(-2)).toEqual([
      { key: "manager_staff.mix", params: { a: 2, b: 1, c: 0, none: 0 } },
      { key: "manager_staff.municipalities_none" },
    ]);
    const german = rendered(reply.outbound, "de");
    expect(german).toContain("1. Eva Muster: Integrationsmanager/in, aktiv, Qualifikation a, offene Fälle 2, geteilt 1");
    expect(german).toContain("4. Lea Weg: Integrationsmanager/in, abgeschaltet, Qualifikation keine, offene Fälle 0, geteilt 0");
    expect(german).toContain("a 2, b 1, c 0, ohne Angabe 0");
    expect(german).not.toMatch(/Amina|Omar|Olena|…/);
    expect(rendered(reply.outbound, "en")).toContain("5. Sabine Aufsicht: supervisor, active, qualification none");
  });

  it("answers the words 'team' and 'staff' without the slash", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { supervisorChat } = await team(core);
    for (const word of ["team", "staff", "Team"]) {
      expect(keys((await handleInbound(core.deps, supervisorChat, text(word))).outbound)[0]).toBe("manager_staff.title");
    }
  });

  it("refuses a manager clearly and shows their help", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { evaChat } = await team(core);
    expect(keys((await handleInbound(core.deps, evaChat, command("staff"))).outbound)).toEqual(["manager_staff.refused", "manager.help"]);
  });

  it("splits a long team into several messages, the mix and the municipalities at the end", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const tenantId = await seedTenant(core.store);
    for (let i = 0; i < 34; i++) await addManager(core.deps, operator, { tenantId, name: `Person ${String(i).padStart(2, "0")}`, qualification: "c" });
    const admin = await addManager(core.deps, operator, { tenantId, name: "Zoe Admin", role: "admin" });
    const chat = telegramChat("950");
    await handleInbound(core.deps, chat, command("start", admin.invite.code));
    const reply = await handleInbound(core.deps, chat, command("staff"));
    expect(reply.outbound.map((o) => o.parts.length)).toEqual([31, 7]);
    expect(reply.outbound[1]?.parts.slice(-2)).toEqual([
      { key: "manager_staff.mix", params: { a: 0, b: 0, c: 34, none: 0 } },
      { key: "manager_staff.municipalities_none" },
    ]);
    // The buttons come once, under the last message.
    expect(reply.outbound.map((o) => o.buttons?.flat().length ?? 0)).toEqual([0, 3]);
  });
});
