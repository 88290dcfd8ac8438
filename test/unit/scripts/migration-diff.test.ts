import { describe, expect, it } from "vitest";
import { withoutUnreadIndexes } from "../../../scripts/migration-diff.ts";

const migrated = `-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "OutboxMessage_dedupeKey_idx" ON "OutboxMessage"("dedupeKey" text_pattern_ops);
`;

const prismaRecreates = `-- DropIndex
DROP INDEX "OutboxMessage_dedupeKey_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_dedupeKey_idx" ON "OutboxMessage"("dedupeKey" text_pattern_ops);
`;

const addColumn = `-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "note" TEXT;
`;

describe("the drift check's view of Prisma's diff", () => {
  it("takes out the drop and re-creation of an index that the migrations create exactly so", () => {
    expect(withoutUnreadIndexes(prismaRecreates, migrated).trim()).toBe("");
  });

  it("keeps every other change, and a re-creation that differs from the migrated index", () => {
    expect(withoutUnreadIndexes(`${prismaRecreates}\n${addColumn}`, migrated)).toBe(addColumn);
    const otherOps = prismaRecreates.replace("text_pattern_ops", "varchar_pattern_ops");
    expect(withoutUnreadIndexes(otherOps, migrated)).toContain(
      'CREATE INDEX "OutboxMessage_dedupeKey_idx" ON "OutboxMessage"("dedupeKey" varchar_pattern_ops);',
    );
    expect(withoutUnreadIndexes(otherOps, migrated)).toContain('DROP INDEX "OutboxMessage_dedupeKey_idx";');
  });

  it("keeps a new index that no migration creates yet", () => {
    const create = `-- CreateIndex\nCREATE INDEX "OutboxMessage_dedupeKey_idx" ON "OutboxMessage"("dedupeKey" text_pattern_ops);\n`;
    expect(withoutUnreadIndexes(create, `CREATE TABLE "OutboxMessage" ("id" TEXT NOT NULL);`)).toBe(create);
  });
});
