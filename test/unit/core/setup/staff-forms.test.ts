import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../../../src/core/setup/add-municipality.ts";
import { staffChangeAction } from "../../../../src/core/setup/staff-forms.ts";
import { button, buttons, byKey, byLabel, command, keys, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedClient, seedTenant } from "../../../support/seed.ts";

/** Admin Ada, supervisor Sabine, managers Eva (two open cases) and Jonas, all linked in their chats; one municipality. */
async function team(core: TestCore) {
  const tenantId = await seedTenant(core.store, "Landkreis Team");
  await addMunicipality(core.deps, operator, { tenantId, name: "Plochingen" });
  const linked = async (name: string, role: "manager" | "supervisor" | "admin", chatId: string) => {
    const added = await addManager(core.deps, operator, { tenantId, name, role });
    const chat = telegramChat(chatId);
    await handleInbound(core.deps, chat, command("start", added.invite.code));
    return { manager: added.manager, send: (inbound: Inbound) => handleInbound(core.deps, chat, inbound).then((r) => r.outbound) };
  };
  const ada = await linked("Ada Admin", "admin", "800");
  const sabine = await linked("Sabine Aufsicht", "supervisor", "801");
  const eva = await linked("Eva Muster", "manager", "802");
  const jonas = await linked("Jonas Beispiel", "manager", "803");
  for (const name of ["Amina Haddad", "Omar Haddad"]) await seedClient(core.store, tenantId, { managerId: eva.manager.id, name });
  return { tenantId, ada, sabine, eva, jonas };
}

const labels = (outbound: Outbound[]) => buttons(outbound).map((b) => b.label ?? b.labelKey);

describe("/staff: team changes in the chat", () => {
  it("admins get buttons to switch someone off, change a role and move cases; supervisors only to move cases; both see the municipalities", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { ada, sabine } = await team(core);
    const forAdmin = await ada.send(command("staff"));
    expect(keys(forAdmin)).toEqual(expect.arrayContaining(["manager_staff.municipalities", "manager_staff.municipality"]));
    expect(forAdmin.at(-1)?.parts.find((p) => p.key === "manager_staff.municipality")?.params).toEqual({ name: "Plochingen", managers: 0, openCases: 0 });
    expect(labels(forAdmin)).toEqual(["manager_staff.button.off", "manager_staff.button.role", "manager_staff.button.move"]);
    expect(labels(await sabine.send(command("staff")))).toEqual(["manager_staff.button.move"]);
    // A supervisor's tap on a button only admins get changes nothing.
    expect(keys(await sabine.send(tap(staffChangeAction.encode("off"))))).toEqual(["errors.forbidden"]);
  });

  it("an admin switches Eva off and hands her two cases to Jonas in the same step; Eva's chat is told her access ended", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { ada, eva, jonas } = await team(core);
    const who = await ada.send(tap(button(await ada.send(command("staff")), byKey("manager_staff.button.off"))));
    expect(keys(who)).toEqual(["manager_staff.off.member"]);
    expect(labels(who).filter((l) => !l.includes("."))).toEqual(["Eva Muster", "Jonas Beispiel", "Sabine Aufsicht"]);
    const takeover = await ada.send(tap(button(who, byLabel("Eva Muster"))));
    expect(keys(takeover)).toEqual(["manager_staff.off.takeover"]);
    // Supervisors take no cases, and Eva cannot take her own.
    expect(labels(takeover).filter((l) => !l.startsWith("dialog."))).toEqual(["Ada Admin", "Jonas Beispiel", "manager_staff.off.later"]);
    const confirm = await ada.send(tap(button(takeover, byLabel("Jonas Beispiel"))));
    expect(keys(confirm)).toEqual(["manager_staff.off.confirm"]);
    const done = await ada.send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(done[0]?.parts).toEqual([
      { key: "manager_staff.off.done", params: { name: "Eva Muster", count: 1 } },
      { key: "manager_staff.off.handed_over", params: { count: 2, colleague: "Jonas Beispiel", left: 0 } },
    ]);
    expect((await core.store.managers.get(eva.manager.id))?.active).toBe(false);
    const jonasCases = await core.store.clients.search({ tenantId: eva.manager.tenantId, managerId: jonas.manager.id, status: "open" });
    expect(jonasCases.clients.map((c) => c.name).sort()).toEqual(["Amina Haddad", "Omar Haddad"]);
    expect(keys(await eva.send(command("clients")))).toEqual(["manager.access_ended"]);
  });

  it("an admin changes Jonas's role and qualification; a supervisor moves Eva's cases to Jonas", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { ada, sabine, eva, jonas } = await team(core);
    let step = await ada.send(tap(staffChangeAction.encode("role")));
    step = await ada.send(tap(button(step, byLabel("Jonas Beispiel"))));
    expect(keys(step)).toEqual(["manager_staff.role_change.role"]);
    step = await ada.send(tap(button(step, byKey("manager_staff.role.admin"))));
    expect(keys(step)).toEqual(["manager_staff.role_change.qualification"]);
    const changed = await ada.send(tap(button(step, byLabel("c"))));
    expect(changed[0]?.parts[0]).toEqual({
      key: "manager_staff.role_change.done",
      params: { name: "Jonas Beispiel", role: { t: "key", key: "manager_staff.role.admin" }, qualification: "c" },
    });
    expect(await core.store.managers.get(jonas.manager.id)).toMatchObject({ role: "admin", qualification: "c" });

    step = await sabine.send(tap(staffChangeAction.encode("move")));
    step = await sabine.send(tap(button(step, byLabel("Eva Muster"))));
    step = await sabine.send(tap(button(step, byLabel("Jonas Beispiel"))));
    const moved = await sabine.send(tap(button(step, byKey("dialog.button.yes"))));
    expect(moved[0]?.parts[0]).toEqual({
      key: "manager_staff.move.done",
      params: { from: "Eva Muster", to: "Jonas Beispiel", handedOver: 2, unshared: 0, skipped: 0 },
    });
    expect((await core.store.managers.get(eva.manager.id))?.active).toBe(true);
  });
});
