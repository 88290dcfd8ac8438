import { z } from "zod";
import { outboxStatuses, type OutboxMessage } from "../../core/outbox/model.ts";
import type { OutboxRepository } from "../../core/outbox/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { readJson, writeJson } from "../json-column.ts";

const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
const actionsSchema = z.array(z.object({ labelKey: z.string(), data: z.string() }));
const statusSchema = z.enum(outboxStatuses);
const recipientKindSchema = z.enum(["client", "manager"]);

type Row = Omit<OutboxMessage, "params" | "actions" | "status" | "recipientKind"> & {
  params: string;
  actions: string;
  status: string;
  recipientKind: string;
};

export const toOutboxMessage = (row: Row): OutboxMessage => ({
  ...row,
  recipientKind: recipientKindSchema.parse(row.recipientKind),
  status: statusSchema.parse(row.status),
  params: readJson(paramsSchema, row.params, "OutboxMessage.params"),
  actions: readJson(actionsSchema, row.actions, "OutboxMessage.actions"),
});

const toRow = (message: OutboxMessage) => ({ ...message, params: writeJson(message.params), actions: writeJson(message.actions) });

export function outboxRepository(db: DbTransaction): OutboxRepository {
  return {
    async enqueue(message) {
      const existing = await db.outboxMessage.findUnique({ where: { dedupeKey: message.dedupeKey } });
      if (!existing) {
        await db.outboxMessage.create({ data: toRow(message) });
        return;
      }
      if (existing.status !== "pending" && existing.status !== "cancelled") return;
      const { id: _id, dedupeKey, ...data } = toRow(message);
      await db.outboxMessage.update({ where: { dedupeKey }, data });
    },
    async get(id) {
      const row = await db.outboxMessage.findUnique({ where: { id } });
      return row ? toOutboxMessage(row) : null;
    },
    async findByDedupeKey(dedupeKey) {
      const row = await db.outboxMessage.findUnique({ where: { dedupeKey } });
      return row ? toOutboxMessage(row) : null;
    },
    async cancelPendingByPrefix(prefix) {
      const result = await db.outboxMessage.updateMany({
        where: { dedupeKey: { startsWith: prefix }, status: "pending" },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async cancelPendingForClient(clientId, dedupeKeyPrefix) {
      const result = await db.outboxMessage.updateMany({
        where: {
          status: "pending",
          ...(dedupeKeyPrefix ? { dedupeKey: { startsWith: dedupeKeyPrefix } } : {}),
          OR: [{ clientId }, { recipientKind: "client", recipientId: clientId }],
        },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async listPendingForRecipient(recipientKind, recipientId) {
      const rows = await db.outboxMessage.findMany({
        where: { recipientKind, recipientId, status: "pending" },
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toOutboxMessage);
    },
  };
}
