import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealedKeyId, storeSealer } from "../../src/app/key-ring.ts";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { appointmentKinds } from "../../src/core/appointments/model.ts";
import type { Crypto } from "../../src/core/ports/crypto.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const OLD_KEY = Buffer.from("lotse-rotation-old-key-012345678").toString("base64");
const NEW_KEY = Buffer.from("lotse-rotation-new-key-012345678").toString("base64");
const oldKey = dataKeyFromBase64(OLD_KEY);
const newKey = dataKeyFromBase64(NEW_KEY);
const at = new Date("2026-03-01T10:00:00Z");

interface Rotation {
  keyId: string;
  remaining: number;
  columns: { column: string; scanned: number; resealed: number; unreadable: string[] }[];
}

/** A tenant with one client and one value in every sealed column, sealed with `crypto`; `count` contacts. */
async function seedSealed(store: PrismaStore, crypto: Crypto, contacts: number) {
  await store.tenants.create({ id: "t1", name: "Landkreis Schlüssel", timezone: "Europe/Berlin", createdAt: at });
  await store.managers.create({
    id: "m1",
    tenantId: "t1",
    name: "Eva",
    role: "manager",
    qualification: "a",
    municipalityIds: [],
    aadObjectId: null,
    active: true,
    createdAt: at,
  });
  await store.managers.create({
    id: "m2",
    tenantId: "t1",
    name: "Jonas",
    role: "manager",
    qualification: "b",
    municipalityIds: [],
    aadObjectId: null,
    active: true,
    createdAt: at,
  });
  await store.households.create({ id: "h1", tenantId: "t1", municipalityId: null, label: "Familie", createdAt: at });
  await store.clients.create({
    id: "c1",
    tenantId: "t1",
    householdId: "h1",
    municipalityId: null,
    name: "Amina",
    language: "ar",
    timezone: null,
    status: "open",
    caseStartedAt: at,
    closedAt: null,
    anonymizedAt: null,
    createdAt: at,
  });
  for (let i = 0; i < contacts; i += 1) {
    await store.contacts.create({
      id: `k${String(i).padStart(3, "0")}`,
      tenantId: "t1",
      clientId: "c1",
      managerId: "m1",
      at,
      kind: "office",
      durationMin: 30,
      areas: [],
      note: crypto.encrypt(`Kontaktnotiz ${i}`),
      createdAt: at,
    });
  }
  await store.plans.create({ id: "p1", tenantId: "t1", clientId: "c1", householdId: null, version: 1, nextReviewAt: null, createdAt: at, updatedAt: at });
  await store.goals.create({ id: "g1", planId: "p1", area: "language", catalogueKey: null, text: "Deutsch", status: "open", position: 0, createdAt: at });
  const step = {
    id: "s1",
    goalId: "g1",
    catalogueKey: null,
    params: {},
    customText: "Kurs",
    note: crypto.encrypt("Schrittnotiz"),
    responsible: "client" as const,
    dueAt: null,
    cadenceDays: null,
    status: "open" as const,
    lastCheckinAt: null,
    createdAt: at,
  };
  await store.steps.create(step);
  await store.planVersions.create({
    planId: "p1",
    version: 1,
    reason: "created",
    createdAt: at,
    createdBy: "m1",
    snapshot: {
      goals: [
        {
          id: "g1",
          area: "language",
          catalogueKey: null,
          text: "Deutsch",
          status: "open",
          position: 0,
          steps: [{ ...step, dueAt: null, note: crypto.encrypt("Notiz in Version 1") }],
        },
      ],
    },
  });
  await store.handovers.create({
    id: "ho1",
    clientId: "c1",
    fromManagerId: "m1",
    fromAgency: null,
    toManagerId: "m2",
    note: crypto.encrypt("Übergabenotiz"),
    at,
  });
  await store.appointments.create({
    id: "a1",
    tenantId: "t1",
    managerId: "m1",
    clientIds: ["c1"],
    startsAt: at,
    durationMin: 30,
    place: "Rathaus",
    kind: appointmentKinds[0],
    interpreter: false,
    status: "scheduled",
    clientAnswer: crypto.encrypt("Ich kann erst später"),
    coordinates: null,
    sequence: 0,
    createdAt: at,
    updatedAt: at,
  });
  await store.assessments.put({ clientId: "c1", data: {}, sensitive: crypto.encrypt('{"health":"Diabetes"}'), updatedAt: at, updatedBy: "m1" });
  await store.counsellingExtensions.add({
    id: "ext1",
    tenantId: "t1",
    clientId: "c1",
    managerId: "m1",
    endsAt: at,
    reason: crypto.encrypt("Ausbildung beginnt bald"),
    at,
  });
  await store.conversations.create({
    id: "cm1",
    tenantId: "t1",
    clientId: "c1",
    managerId: "m1",
    direction: "from_client",
    status: "open",
    text: "Brief vom Jobcenter",
    phraseCode: null,
    file: { kind: "document", channel: "telegram", ref: "BQACAgIAAxkB", name: "Bescheid.pdf", mimeType: "application/pdf" },
    replyToId: null,
    createdAt: at,
    passedAt: at,
    closedAt: null,
  });
}

/** Every sealed value as stored, and what the new key alone reads from it. */
async function readAll(store: PrismaStore) {
  const onlyNew = aesGcmCrypto(newKey);
  const contacts = await store.db.contact.findMany({ orderBy: { id: "asc" } });
  const version = await store.db.planVersion.findFirstOrThrow({ where: { planId: "p1", version: 1 } });
  const snapshot = JSON.parse(onlyNew.decrypt(version.snapshot)) as { goals: { text: string; steps: { note: string }[] }[] };
  const versionNote = snapshot.goals[0]?.steps[0]?.note ?? "";
  const step = await store.db.step.findFirstOrThrow({ where: { id: "s1" } });
  const appointment = await store.db.appointment.findFirstOrThrow({ where: { id: "a1" } });
  const conversation = await store.db.conversationMessage.findFirstOrThrow({ where: { id: "cm1" } });
  const sealed = [
    (await store.db.goal.findFirstOrThrow({ where: { id: "g1" } })).text,
    step.customText ?? "",
    step.params,
    appointment.place,
    version.snapshot,
    ...contacts.map((c) => c.note ?? ""),
    (await store.db.step.findFirstOrThrow({ where: { id: "s1" } })).note ?? "",
    (await store.db.handover.findFirstOrThrow({ where: { id: "ho1" } })).note ?? "",
    (await store.db.appointment.findFirstOrThrow({ where: { id: "a1" } })).clientAnswer ?? "",
    (await store.db.assessment.findFirstOrThrow({ where: { clientId: "c1" } })).sensitive ?? "",
    (await store.db.counsellingExtension.findFirstOrThrow({ where: { id: "ext1" } })).reason,
    versionNote,
    conversation.text ?? "",
    conversation.fileRef ?? "",
    conversation.fileName ?? "",
  ];
  const plain = sealed.map((value) => onlyNew.decrypt(value));
  return { keyIds: [...new Set(sealed.map(sealedKeyId))], plain: [...plain.slice(0, 4), snapshot.goals[0]?.text, ...plain.slice(5)] };
}

for (const kind of databaseKinds()) {
  describe(`lotse keys rotate on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    const env = () => ({ DATABASE_URL: db.url, LOTSE_DATA_KEY: NEW_KEY, LOTSE_DATA_KEYS_OLD: OLD_KEY });

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target, { sealer: storeSealer(aesGcmCrypto(oldKey)) });
      await seedSealed(store, aesGcmCrypto(oldKey), 7);
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("without the old key in LOTSE_DATA_KEYS_OLD, reports every value as unreadable and changes nothing", async () => {
      const before = await store.db.contact.findMany({ orderBy: { id: "asc" } });
      const run = await lotse({ DATABASE_URL: db.url, LOTSE_DATA_KEY: NEW_KEY }, "keys", "rotate", "--json");
      expect(run.code).toBe(0);
      const rotation = JSON.parse(run.stdout) as Rotation;
      expect(rotation.columns.find((c) => c.column === "contact.note")?.unreadable).toHaveLength(7);
      expect(rotation.columns.find((c) => c.column === "goal.text")?.unreadable).toEqual(["g1"]);
      expect(rotation.remaining).toBe(20);
      expect(await store.db.contact.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    });

    it("re-encrypts every sealed value with the new key in batches; they read back with the new key alone", async () => {
      const run = await lotse(env(), "keys", "rotate", "--batch", "3", "--json");
      expect(run.stderr).toBe("");
      const rotation = JSON.parse(run.stdout) as Rotation;
      expect(rotation.keyId).toBe(newKey.id);
      expect(rotation.remaining).toBe(0);
      expect(Object.fromEntries(rotation.columns.map((c) => [c.column, c.resealed]))).toEqual({
        "contact.note": 7,
        "step.note": 1,
        "handover.note": 1,
        "appointment.clientAnswer": 1,
        "assessment.sensitive": 1,
        "counsellingExtension.reason": 1,
        "goal.text": 1,
        "step.customText": 1,
        "step.params": 1,
        "appointment.place": 1,
        "volunteerMatch.meetingPlace": 0,
        "outbox.params": 0,
        "dialogState.state": 0,
        "planVersion.snapshot": 1,
        "conversationMessage.text": 1,
        "conversationMessage.fileRef": 1,
        "conversationMessage.fileName": 1,
      });
      const { keyIds, plain } = await readAll(store);
      expect(keyIds).toEqual([newKey.id]);
      expect(plain).toEqual([
        "Deutsch",
        "Kurs",
        "{}",
        "Rathaus",
        "Deutsch",
        ...Array.from({ length: 7 }, (_, i) => `Kontaktnotiz ${i}`),
        "Schrittnotiz",
        "Übergabenotiz",
        "Ich kann erst später",
        '{"health":"Diabetes"}',
        "Ausbildung beginnt bald",
        "Notiz in Version 1",
        "Brief vom Jobcenter",
        "BQACAgIAAxkB",
        "Bescheid.pdf",
      ]);
    });

    it("is idempotent: a second run re-encrypts nothing", async () => {
      const run = await lotse(env(), "keys", "rotate", "--json");
      const rotation = JSON.parse(run.stdout) as Rotation;
      expect(rotation.columns.every((c) => c.resealed === 0)).toBe(true);
      expect(rotation.columns.find((c) => c.column === "contact.note")?.scanned).toBe(7);
      expect(rotation.remaining).toBe(0);
    });

    it("resumes: values written with the old key after a partial run are picked up, the rest is left alone", async () => {
      const old = aesGcmCrypto(oldKey);
      await store.db.contact.update({ where: { id: "k003" }, data: { note: old.encrypt("wieder alt") } });
      const untouched = (await store.db.contact.findFirstOrThrow({ where: { id: "k004" } })).note;
      const run = await lotse(env(), "keys", "rotate", "--json");
      const rotation = JSON.parse(run.stdout) as Rotation;
      expect(rotation.columns.find((c) => c.column === "contact.note")?.resealed).toBe(1);
      expect((await store.db.contact.findFirstOrThrow({ where: { id: "k004" } })).note).toBe(untouched);
      expect(aesGcmCrypto(newKey).decrypt((await store.db.contact.findFirstOrThrow({ where: { id: "k003" } })).note ?? "")).toBe("wieder alt");
    });

    it("never overwrites a value the running service changed meanwhile (compare and set)", async () => {
      const [value] = await store.privacy.listSealed("contact.note", null, 1);
      if (!value) throw new Error("no contact note");
      await store.db.contact.update({ where: { id: value.rowId }, data: { note: aesGcmCrypto(newKey).encrypt("neu geschrieben") } });
      expect(await store.privacy.replaceSealed("contact.note", value.rowId, value.value, "v1.x.y.z.w")).toBe(false);
      expect(aesGcmCrypto(newKey).decrypt((await store.db.contact.findFirstOrThrow({ where: { id: value.rowId } })).note ?? "")).toBe("neu geschrieben");
    });

    it("after the rotation, a store with the new key alone reads goal, step, place, plan version and conversation as written", async () => {
      const onlyNew = createPrismaStore(db.target, { sealer: storeSealer(aesGcmCrypto(newKey)) });
      try {
        expect((await onlyNew.goals.get("g1"))?.text).toBe("Deutsch");
        expect((await onlyNew.steps.get("s1"))?.customText).toBe("Kurs");
        expect((await onlyNew.appointments.get("a1"))?.place).toBe("Rathaus");
        expect((await onlyNew.planVersions.listForPlan("p1"))[0]?.snapshot.goals[0]?.text).toBe("Deutsch");
        expect((await onlyNew.conversations.get("cm1"))?.text).toBe("Brief vom Jobcenter");
        expect((await onlyNew.conversations.get("cm1"))?.file).toMatchObject({ ref: "BQACAgIAAxkB", name: "Bescheid.pdf" });
      } finally {
        await onlyNew.close();
      }
    });

    it("a sealed text no configured key opens is an error when read, never an empty or missing value", async () => {
      const stranger = createPrismaStore(db.target, {
        sealer: storeSealer(aesGcmCrypto(dataKeyFromBase64(Buffer.from("lotse-rotation-3rd-key-012345678").toString("base64")))),
      });
      try {
        await expect(stranger.goals.get("g1")).rejects.toThrow(/decrypt/);
      } finally {
        await stranger.close();
      }
    });

    it("seals goal texts, step texts and parameters and places written before they were sealed", async () => {
      const plain = createPrismaStore(db.target);
      try {
        await plain.goals.create({
          id: "g2",
          planId: "p1",
          area: "work",
          catalogueKey: null,
          text: "Arbeit finden",
          status: "open",
          position: 1,
          createdAt: at,
        });
      } finally {
        await plain.close();
      }
      expect((await store.db.goal.findFirstOrThrow({ where: { id: "g2" } })).text).toBe("Arbeit finden");
      const rotation = JSON.parse((await lotse(env(), "keys", "rotate", "--json")).stdout) as Rotation;
      expect(rotation.columns.find((c) => c.column === "goal.text")?.resealed).toBe(1);
      expect(rotation.remaining).toBe(0);
      const raw = (await store.db.goal.findFirstOrThrow({ where: { id: "g2" } })).text;
      expect(sealedKeyId(raw)).toBe(newKey.id);
      expect(aesGcmCrypto(newKey).decrypt(raw)).toBe("Arbeit finden");
    });

    it("refuses a malformed LOTSE_DATA_KEYS_OLD before touching anything", async () => {
      const run = await lotse({ ...env(), LOTSE_DATA_KEYS_OLD: `${OLD_KEY},not-a-key` }, "keys", "rotate");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("LOTSE_DATA_KEYS_OLD");
    });

    it("records the rotation in the audit trail with the key id only", async () => {
      const events = await store.db.auditEvent.findMany({ where: { action: "keys.rotate" } });
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.every((e) => e.subjectId === newKey.id && e.actorKind === "operator")).toBe(true);
    });
  });
}
