import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { cancelAppointment } from "../../../../src/core/appointments/cancel-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { knownPlaceChoices } from "../../../../src/core/appointments/known-places.ts";
import { moveAppointment } from "../../../../src/core/appointments/move-appointment.ts";
import type { LocalOffer } from "../../../../src/core/offers/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

const caritasPoint = { latitude: 48.7012, longitude: 9.4187 };

function place(id: string, municipalityId: string, tenantId: string, title: string, over: Partial<LocalOffer> = {}): LocalOffer {
  return {
    id,
    tenantId,
    municipalityId,
    source: "integreat",
    sourceKey: `location:${id}`,
    kind: "place",
    area: "everyday",
    texts: { de: { title, summary: "" } },
    address: "Hermannstraße 2, 73207 Plochingen",
    startsAt: null,
    endsAt: null,
    timeText: null,
    url: null,
    coordinates: caritasPoint,
    createdBy: null,
    updatedAt: new Date("2027-02-01T00:00:00Z"),
    ...over,
  };
}

describe("known places: an appointment at a local offer's place carries its map position", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
    await core.store.municipalities.create({ id: "plochingen", tenantId: world.tenant.id, name: "Plochingen", createdAt: new Date("2027-01-01T00:00:00Z") });
    await core.store.municipalities.create({ id: "esslingen", tenantId: world.otherTenant.id, name: "Esslingen", createdAt: new Date("2027-01-01T00:00:00Z") });
    await core.store.localOffers.create(place("caritas", "plochingen", world.tenant.id, "Migrationsberatung der Caritas"));
  });

  it("a picked place gives the appointment its text and coordinates; the first file has sequence 0", async () => {
    const created = await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", placeOfferId: "caritas" });
    const stored = await core.store.appointments.get(created.id);
    expect(stored).toMatchObject({
      place: "Migrationsberatung der Caritas, Hermannstraße 2, 73207 Plochingen",
      coordinates: caritasPoint,
      sequence: 0,
    });
  });

  it("a place of another tenant, an event or a place without coordinates cannot be picked, and nothing is created", async () => {
    await core.store.localOffers.create(place("fremd", "esslingen", world.otherTenant.id, "Rathaus Esslingen"));
    await core.store.localOffers.create(place("fest", "plochingen", world.tenant.id, "Stadtfest", { kind: "event", sourceKey: "event:1:2027-03-05" }));
    await core.store.localOffers.create(place("nomap", "plochingen", world.tenant.id, "Jugendhaus", { coordinates: null }));
    for (const placeOfferId of ["fremd", "fest", "nomap"]) {
      await expectDomainError(
        createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", placeOfferId }),
        "invalid_input",
      );
    }
    expect(core.store.state.appointments.size).toBe(0);
  });

  it("every move and the cancellation raise the sequence; a place typed anew drops the map position", async () => {
    const created = await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", placeOfferId: "caritas" });
    await moveAppointment(core.deps, eva, { appointmentId: created.id, startsAt: "2027-03-05T08:00:00Z" });
    expect(await core.store.appointments.get(created.id)).toMatchObject({ sequence: 1, coordinates: caritasPoint });
    await moveAppointment(core.deps, eva, { appointmentId: created.id, place: "bei Amina zuhause" });
    expect(await core.store.appointments.get(created.id)).toMatchObject({ sequence: 2, coordinates: null, place: "bei Amina zuhause" });
    await cancelAppointment(core.deps, eva, { appointmentId: created.id });
    expect(await core.store.appointments.get(created.id)).toMatchObject({ sequence: 3, status: "cancelled" });
  });

  it("offers at most six places as buttons, those of the manager's recent appointments first", async () => {
    const titles = ["Agentur für Arbeit", "Bürgerbüro", "Diakonie", "Familienzentrum", "Jobcenter", "Stadtbücherei", "Volkshochschule"];
    for (const [index, title] of titles.entries()) {
      await core.store.localOffers.create(place(`p${index}`, "plochingen", world.tenant.id, title, { address: null }));
    }
    const first = await knownPlaceChoices(core.store, eva, core.clock.now());
    expect(first.map((known) => known.place)).toEqual([
      "Agentur für Arbeit",
      "Bürgerbüro",
      "Diakonie",
      "Familienzentrum",
      "Jobcenter",
      "Migrationsberatung der Caritas, Hermannstraße 2, 73207 Plochingen",
    ]);
    await createAppointment(core.deps, eva, { clientIds: [world.amina.id], startsAt: "2027-03-04T08:00:00Z", placeOfferId: "p6" });
    const after = await knownPlaceChoices(core.store, eva, core.clock.now());
    expect(after[0]?.place).toBe("Volkshochschule");
    expect(after).toHaveLength(6);
  });
});
