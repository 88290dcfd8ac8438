import { describe, expect, it } from "vitest";
import { replanAppointmentReminders } from "../../../../src/core/reminders/replan-appointment-reminders.ts";
import { setReminderSettings } from "../../../../src/core/reminders/set-reminder-settings.ts";
import { testCore } from "../../../support/core-deps.ts";
import { expectDomainError, outbox, seedAppointment, seedClient, seedStaff, seedTenant, staffActor } from "../../../support/seed-appointments.ts";

async function world() {
  const core = testCore("2027-03-01T09:00:00Z");
  const tenant = await seedTenant(core, "t1");
  const admin = await seedStaff(core, tenant.id, "ada", "Ada Admin", "admin");
  const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
  const otherAdmin = await seedStaff(core, (await seedTenant(core, "t2")).id, "otto", "Otto Admin", "admin");
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
  return { core, admin, eva, otherAdmin, amina };
}

describe("tenant reminder settings", () => {
  it("a tenant admin sets them, and appointment reminders and quiet hours follow them", async () => {
    const { core, admin, eva, amina } = await world();
    await setReminderSettings(core.deps, staffActor(admin), { tenantId: "t1", offsets: "3d,1h", quiet: "22:00-09:00" });
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-10T08:30:00Z") }); // 09:30 CET
    await replanAppointmentReminders(core.deps, core.store, "a1");
    expect(outbox(core).map((m) => [m.dedupeKey.split(":")[3], m.dueAt.toISOString()])).toEqual([
      ["72h", "2027-03-07T08:30:00.000Z"],
      ["1h", "2027-03-09T20:59:00.000Z"], // 08:30 is quiet until 09:00: the evening before, 21:59
    ]);
  });

  it("managers and admins of another tenant may not change them", async () => {
    const { core, eva, otherAdmin } = await world();
    await expectDomainError(setReminderSettings(core.deps, staffActor(eva), { tenantId: "t1", offsets: "2h" }), "forbidden");
    await expectDomainError(setReminderSettings(core.deps, staffActor(otherAdmin), { tenantId: "t1", offsets: "2h" }), "forbidden");
    expect(await core.store.settings.get("tenant:t1:reminders")).toBeNull();
  });
});
