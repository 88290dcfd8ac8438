import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import type { Crypto } from "../../../../src/core/ports/crypto.ts";
import { rotateKeys, type KeyIds } from "../../../../src/core/privacy/rotate-keys.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedWorld, staffActor } from "../../../support/seed.ts";

/** A readable stand-in for AES-GCM: `<keyId>|<plain>`; opens the keys in `readable`. */
function keyedCrypto(current: string, readable: string[]): Crypto & { keys: KeyIds } {
  const keyIdOf = (sealed: string) => /^([a-z]+)\|/.exec(sealed)?.[1] ?? null;
  return {
    encrypt: (plain) => `${current}|${plain}`,
    decrypt: (sealed) => {
      const keyId = keyIdOf(sealed);
      if (!keyId || !readable.includes(keyId)) throw new Error("unknown key");
      return sealed.slice(keyId.length + 1);
    },
    digest: (text) => `digest(${text})`,
    mac: (text) => ({ keyId: current, value: `${current}|${text.length}` }),
    macWith: (keyId, text) => (readable.includes(keyId) ? `${keyId}|${text.length}` : null),
    keys: { currentKeyId: current, keyIdOf },
  };
}

describe("rotateKeys (memory store)", () => {
  it("re-seals notes, seals plan versions and goal texts still in plain text, and leaves values no key opens alone", async () => {
    const core = testCore();
    const world = await seedWorld(core.store);
    const client = await seedClient(core.store, world.tenantId, { managerId: world.manager.id });
    const at = core.clock.now();
    await core.store.contacts.create({
      id: "k1",
      tenantId: world.tenantId,
      clientId: client.id,
      managerId: world.manager.id,
      at,
      kind: "office",
      durationMin: 5,
      areas: [],
      note: "old|Notiz",
      createdAt: at,
    });
    await core.store.contacts.create({
      id: "k2",
      tenantId: world.tenantId,
      clientId: client.id,
      managerId: world.manager.id,
      at,
      kind: "office",
      durationMin: 5,
      areas: [],
      note: "lost|Notiz",
      createdAt: at,
    });
    await core.store.plans.create({
      id: "p1",
      tenantId: world.tenantId,
      clientId: client.id,
      householdId: null,
      version: 1,
      nextReviewAt: null,
      createdAt: at,
      updatedAt: at,
    });
    const step = {
      id: "s1",
      catalogueKey: null,
      params: {},
      customText: "Kurs",
      note: "old|Schritt",
      responsible: "client" as const,
      dueAt: null,
      cadenceDays: null,
      status: "open" as const,
    };
    await core.store.goals.create({
      id: "g1",
      planId: "p1",
      area: "language",
      catalogueKey: null,
      text: "Deutsch",
      status: "open",
      position: 0,
      createdAt: at,
    });
    await core.store.planVersions.create({
      planId: "p1",
      version: 1,
      reason: "created",
      createdAt: at,
      createdBy: "x",
      snapshot: { goals: [{ id: "g1", area: "language", catalogueKey: null, text: "Deutsch", status: "open", position: 0, steps: [step] }] },
    });

    const crypto = keyedCrypto("new", ["new", "old"]);
    const rotation = await rotateKeys({ ...core.deps, crypto }, crypto.keys, operator, { batchSize: 1 });

    expect(rotation.columns.find((c) => c.column === "contact.note")).toMatchObject({ scanned: 2, resealed: 1, unreadable: ["k2"] });
    expect(rotation.columns.find((c) => c.column === "planVersion.snapshot")).toMatchObject({ resealed: 1 });
    expect(rotation.columns.find((c) => c.column === "goal.text")).toMatchObject({ resealed: 1 });
    expect(rotation.remaining).toBe(1);
    expect(core.store.state.contacts.get("k1")?.note).toBe("new|Notiz");
    expect(core.store.state.contacts.get("k2")?.note).toBe("lost|Notiz");
    const [version] = await core.store.privacy.listSealed("planVersion.snapshot", null, 1);
    expect(crypto.keys.keyIdOf(version?.value ?? "")).toBe("new");
    expect(JSON.parse(crypto.decrypt(version?.value ?? "")).goals[0].steps[0].note).toBe("new|Schritt");
    const [goalText] = await core.store.privacy.listSealed("goal.text", null, 1);
    expect(goalText?.value).toBe("new|Deutsch");
  });

  it("is for the operator (command line) only", async () => {
    const core = testCore();
    const world = await seedWorld(core.store);
    const crypto = keyedCrypto("new", ["new"]);
    await expect(rotateKeys(core.deps, crypto.keys, staffActor(world.supervisor), {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
