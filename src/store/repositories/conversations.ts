import { z } from "zod";
import {
  conversationDirections,
  conversationFileKinds,
  conversationStatuses,
  type ConversationFile,
  type ConversationMessage,
} from "../../core/conversations/model.ts";
import type { ConversationRepository } from "../../core/conversations/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawDateOrNull, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";
import type { TextSealer } from "../text-sealer.ts";

const directionSchema = z.enum(conversationDirections);
const statusSchema = z.enum(conversationStatuses);
const fileKindSchema = z.enum(conversationFileKinds);
const fileChannelSchema = z.literal("telegram");

/** The columns of a ConversationMessage row: the file spread over its own columns (all null without a file). */
interface Row {
  id: string;
  tenantId: string;
  clientId: string;
  managerId: string;
  direction: string;
  status: string;
  text: string | null;
  phraseCode: string | null;
  fileKind: string | null;
  fileChannel: string | null;
  fileRef: string | null;
  fileName: string | null;
  fileMime: string | null;
  replyToId: string | null;
  createdAt: Date;
  passedAt: Date | null;
  closedAt: Date | null;
}

const sealOrNull = (sealer: TextSealer, value: string | null) => (value === null ? null : sealer.seal(value));
const openOrNull = (sealer: TextSealer, value: string | null) => (value === null ? null : sealer.open(value));

function toRow(sealer: TextSealer, { file, ...message }: ConversationMessage): Row {
  return {
    ...message,
    text: sealOrNull(sealer, message.text),
    fileKind: file?.kind ?? null,
    fileChannel: file?.channel ?? null,
    fileRef: sealOrNull(sealer, file?.ref ?? null),
    fileName: sealOrNull(sealer, file?.name ?? null),
    fileMime: file?.mimeType ?? null,
  };
}

function toFile(sealer: TextSealer, row: Row): ConversationFile | null {
  if (row.fileKind === null) return null;
  return {
    kind: fileKindSchema.parse(row.fileKind),
    channel: fileChannelSchema.parse(row.fileChannel),
    ref: openOrNull(sealer, row.fileRef),
    name: openOrNull(sealer, row.fileName),
    mimeType: row.fileMime,
  };
}

function toMessage(sealer: TextSealer, row: Row): ConversationMessage {
  return {
    id: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    managerId: row.managerId,
    direction: directionSchema.parse(row.direction),
    status: statusSchema.parse(row.status),
    text: openOrNull(sealer, row.text),
    phraseCode: row.phraseCode,
    file: toFile(sealer, row),
    replyToId: row.replyToId,
    createdAt: row.createdAt,
    passedAt: row.passedAt,
    closedAt: row.closedAt,
  };
}

const openForManagerSql = directStatement(
  "conversations_open_for_manager",
  `SELECT "id", "tenantId", "clientId", "managerId", "direction", "status", "text", "phraseCode", "fileKind", "fileChannel", "fileRef",
     "fileName", "fileMime", "replyToId", "createdAt", "passedAt", "closedAt"
   FROM "ConversationMessage" WHERE "managerId" = $1 AND "status" = 'open' ORDER BY "createdAt" ASC, "id" ASC`,
);

const fromRaw = (row: RawRow): Row => ({
  id: rawText(row, "id"),
  tenantId: rawText(row, "tenantId"),
  clientId: rawText(row, "clientId"),
  managerId: rawText(row, "managerId"),
  direction: rawText(row, "direction"),
  status: rawText(row, "status"),
  text: rawTextOrNull(row, "text"),
  phraseCode: rawTextOrNull(row, "phraseCode"),
  fileKind: rawTextOrNull(row, "fileKind"),
  fileChannel: rawTextOrNull(row, "fileChannel"),
  fileRef: rawTextOrNull(row, "fileRef"),
  fileName: rawTextOrNull(row, "fileName"),
  fileMime: rawTextOrNull(row, "fileMime"),
  replyToId: rawTextOrNull(row, "replyToId"),
  createdAt: rawDate(row, "createdAt"),
  passedAt: rawDateOrNull(row, "passedAt"),
  closedAt: rawDateOrNull(row, "closedAt"),
});

const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/**
 * Texts, file references and file names are sealed at rest (text-sealer.ts). `direct`: the agenda's read runs on the
 * driver (direct-sql.ts).
 */
export function conversationRepository(db: DbTransaction, sealer: TextSealer, direct: DirectSql): ConversationRepository {
  return {
    async create(message) {
      await db.conversationMessage.create({ data: toRow(sealer, message) });
    },
    async get(id) {
      const row = await db.conversationMessage.findUnique({ where: { id } });
      return row ? toMessage(sealer, row) : null;
    },
    async update(message) {
      const { id, ...data } = toRow(sealer, message);
      await db.conversationMessage.update({ where: { id }, data });
    },
    async findDraft(clientId) {
      const row = await db.conversationMessage.findFirst({ where: { clientId, status: "draft" }, orderBy: newestFirst });
      return row ? toMessage(sealer, row) : null;
    },
    async listOpenForManager(managerId) {
      const rows = (await direct.rows(openForManagerSql, [managerId])).map(fromRaw);
      return rows.map((row) => toMessage(sealer, row));
    },
    async listForClient(clientId) {
      const rows = await db.conversationMessage.findMany({ where: { clientId }, orderBy: oldestFirst });
      return rows.map((row) => toMessage(sealer, row));
    },
    async deleteForClient(clientId) {
      return (await db.conversationMessage.deleteMany({ where: { clientId } })).count;
    },
    async deleteExpired(before, draftsBefore) {
      const { count } = await db.conversationMessage.deleteMany({
        where: {
          OR: [
            { status: "draft", createdAt: { lt: draftsBefore } },
            { status: { not: "draft" }, createdAt: { lt: before } },
          ],
        },
      });
      return count;
    },
  };
}
