import { beforeEach, describe, expect, it } from "vitest";
import { readAssessment } from "../../../../src/core/assessment/read-assessment.ts";
import { recordAssessment } from "../../../../src/core/assessment/record-assessment.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { giveConsent, seedPlanWorld, snapshotState, withdrawConsent, type PlanWorld } from "../../../support/seed-plans.ts";

describe("assessment", () => {
  let core: TestCore;
  let world: PlanWorld;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
  });

  const resources = {
    languages: [
      { code: "AR", level: "native" },
      { code: "de", level: "A2" },
    ],
    schooling: { years: 12, highestLevel: "Abitur" },
    vocationalTraining: [{ title: "Elektriker", country: "sy", completed: true }],
    degrees: [{ title: "Bachelor Informatik", country: "SY", recognition: "in_progress" }],
    workExperience: [{ field: "Elektroinstallation", years: 6 }],
    interests: ["Fußball", "Kochen"],
    household: { childrenCount: 2, childrenAges: [4, 9] },
  };

  it("records voluntary needs and resources, read back by the manager, the supervisor and the client", async () => {
    const recorded = await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, ...resources });
    expect(recorded.data.languages).toEqual([
      { code: "ar", level: "native" },
      { code: "de", level: "A2" },
    ]);
    expect(recorded.data.vocationalTraining).toEqual([{ title: "Elektriker", country: "SY", completed: true }]);
    expect(recorded).toMatchObject({ updatedBy: world.manager.id, updatedAt: core.clock.now() });
    for (const actor of [world.actors.manager, world.actors.supervisor, world.actors.client]) {
      expect((await readAssessment(core.deps, actor, { clientId: world.client.id }))?.data).toEqual(recorded.data);
    }
  });

  it("updates only the fields given, and removes a field given as null", async () => {
    await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, ...resources });
    await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, interests: ["Gärtnern"], schooling: null });
    const view = await readAssessment(core.deps, world.actors.manager, { clientId: world.client.id });
    expect(view?.data.interests).toEqual(["Gärtnern"]);
    expect(view?.data.schooling).toBeUndefined();
    expect(view?.data.degrees).toEqual(resources.degrees);
  });

  it("answers null when nothing was recorded", async () => {
    expect(await readAssessment(core.deps, world.actors.manager, { clientId: world.client.id })).toBeNull();
  });

  it.each([
    ["an unknown language level", { languages: [{ code: "ar", level: "fluent" }] }],
    ["an unknown recognition state", { degrees: [{ title: "Diplom", recognition: "maybe" }] }],
    ["a negative number of years", { workExperience: [{ field: "Bau", years: -1 }] }],
    ["an unknown field", { religion: "none" }],
    ["no field at all", {}],
  ])("rejects %s and changes nothing", async (_label, fields) => {
    const before = snapshotState(core);
    await expect(recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, ...fields })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(core.store.state).toEqual(before);
  });

  it("refuses recording by the supervisor, the client, a colleague or another tenant", async () => {
    for (const actor of [world.actors.supervisor, world.actors.client, world.actors.colleague, world.actors.stranger]) {
      await expect(recordAssessment(core.deps, actor, { clientId: world.client.id, interests: ["Lesen"] })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    await expect(readAssessment(core.deps, world.actors.stranger, { clientId: world.client.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state.assessments.size).toBe(0);
  });

  describe("health and residence", () => {
    const health = { text: "Diabetes, braucht Termine am Vormittag", flags: ["chronic_illness"] };
    const residence = { status: "Aufenthaltserlaubnis § 25 Abs. 2", validUntil: "2029-05-31" };

    it("are refused without the client's consent, and nothing is stored", async () => {
      const before = snapshotState(core);
      await expect(recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, interests: ["Lesen"], health })).rejects.toMatchObject({
        code: "consent_required",
      });
      await expect(recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, residence })).rejects.toMatchObject({
        code: "consent_required",
      });
      expect(core.store.state).toEqual(before);
    });

    it("are sealed at rest with consent, and shown in plain only at notes access", async () => {
      await giveConsent(core, world.client.id, ["data_health", "data_residence"]);
      const recorded = await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, health, residence, ...resources });
      expect(recorded.sensitive).toEqual({ health, residence });
      const stored = core.store.state.assessments.get(world.client.id);
      expect(stored?.sensitive).toMatch(/^sealed\(/);
      expect(JSON.stringify(stored?.data)).not.toMatch(/Diabetes|25 Abs/);
      expect((await readAssessment(core.deps, world.actors.manager, { clientId: world.client.id }))?.sensitive).toEqual({ health, residence });
      for (const actor of [world.actors.supervisor, world.actors.client]) {
        const view = await readAssessment(core.deps, actor, { clientId: world.client.id });
        expect(view?.sensitive).toBeNull();
        expect(JSON.stringify(view)).not.toMatch(/Diabetes|25 Abs/);
      }
      expect(core.store.state.audit.map((e) => e.action)).toContain("assessment.read_sensitive");
    });

    it("are hidden once the consent is withdrawn, and can be removed without consent", async () => {
      await giveConsent(core, world.client.id, ["data_health", "data_residence"]);
      await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, health, residence });
      core.clock.advance(60_000);
      await withdrawConsent(core, world.client.id, ["data_health"]);
      expect((await readAssessment(core.deps, world.actors.manager, { clientId: world.client.id }))?.sensitive).toEqual({ residence });
      await recordAssessment(core.deps, world.actors.manager, { clientId: world.client.id, health: null, residence: null });
      expect(core.store.state.assessments.get(world.client.id)?.sensitive).toBeNull();
    });
  });
});
