import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealedKeyId, storeSealer } from "../../src/app/key-ring.ts";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import type { ConversationMessage } from "../../src/core/conversations/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

/**
 * Conversation texts, file references and file names are sealed by the store (text-sealer.ts): the database holds
 * sealed values that open to what was written, the repository reads them as plain text, and an empty value stays
 * empty (null). The repository's behaviour itself is in the store contract (test/support/contract/conversations.ts).
 */

const crypto = aesGcmCrypto(dataKeyFromBase64(Buffer.from("lotse-conversation-at-rest-key-0").toString("base64")));
const at = new Date("2027-03-01T09:00:00Z");

const TEXT = "KANARIE-text Ich habe einen Brief vom Jobcenter";
const REF = "KANARIE-ref-BQACAgIAAxkBAAIBZ2Vh";
const NAME = "KANARIE-name Bescheid Haddad.pdf";

const message: ConversationMessage = {
  id: "cm1",
  tenantId: "t1",
  clientId: "c1",
  managerId: "m1",
  direction: "from_client",
  status: "draft",
  text: TEXT,
  phraseCode: null,
  file: { kind: "document", channel: "telegram", ref: REF, name: NAME, mimeType: "application/pdf" },
  replyToId: null,
  createdAt: at,
  passedAt: null,
  closedAt: null,
};

const answer: ConversationMessage = {
  ...message,
  id: "cm2",
  direction: "to_client",
  status: "sent",
  text: null,
  phraseCode: "will_call_you",
  file: null,
  replyToId: "cm1",
  passedAt: at,
};

for (const kind of databaseKinds()) {
  describe(`conversation messages at rest on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    const row = (id: string) => store.db.conversationMessage.findUniqueOrThrow({ where: { id } });

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target, { sealer: storeSealer(crypto) });
      await store.conversations.create(message);
      await store.conversations.create(answer);
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("stores text, file reference and file name sealed, and reads them back as written", async () => {
      const stored = await row("cm1");
      for (const [value, plain] of [
        [stored.text, TEXT],
        [stored.fileRef, REF],
        [stored.fileName, NAME],
      ] as const) {
        expect(value).not.toBeNull();
        expect(value).not.toContain("KANARIE");
        expect(sealedKeyId(value ?? "")).not.toBeNull();
        expect(crypto.decrypt(value ?? "")).toBe(plain);
      }
      // The rest is no free text: kinds, a MIME type, ids.
      expect(stored).toMatchObject({ fileKind: "document", fileChannel: "telegram", fileMime: "application/pdf", phraseCode: null });
      expect(await store.conversations.get("cm1")).toEqual(message);
    });

    it("keeps empty values empty (null), not a sealed empty text", async () => {
      expect(await row("cm2")).toMatchObject({ text: null, fileKind: null, fileChannel: null, fileRef: null, fileName: null, fileMime: null });
      expect(await store.conversations.get("cm2")).toEqual(answer);
    });

    it("seals again on update: a file passed on loses its reference, a changed text is sealed", async () => {
      const passed: ConversationMessage = {
        ...message,
        status: "open",
        text: `${TEXT} (geändert)`,
        file: { kind: "document", channel: "telegram", ref: null, name: NAME, mimeType: "application/pdf" },
        passedAt: at,
      };
      await store.conversations.update(passed);
      const stored = await row("cm1");
      expect(stored.fileRef).toBeNull();
      expect(crypto.decrypt(stored.text ?? "")).toBe(`${TEXT} (geändert)`);
      expect(crypto.decrypt(stored.fileName ?? "")).toBe(NAME);
      expect(await store.conversations.get("cm1")).toEqual(passed);
      expect((await store.conversations.listOpenForManager("m1")).map((m) => m.text)).toEqual([`${TEXT} (geändert)`]);
    });

    it.runIf(kind.name === "sqlite")("no text, reference or name is in the bytes of the SQLite database file or its log", async () => {
      await store.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const file = db.target.file;
      if (!file) throw new Error("not SQLite");
      for (const path of [file, `${file}-wal`].filter((p) => existsSync(p))) {
        expect(readFileSync(path).includes("KANARIE"), path).toBe(false);
      }
    });
  });
}
