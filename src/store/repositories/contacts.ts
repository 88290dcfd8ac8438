import { z } from "zod";
import type { Contact } from "../../core/contacts/model.ts";
import { contactKinds } from "../../core/contacts/parse-quick-log.ts";
import type { ContactRepository } from "../../core/contacts/repositories.ts";
import { planAreaSchema } from "../../core/plans/areas.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";

const kindSchema = z.enum(contactKinds);
const areasSchema = z.array(planAreaSchema);
const newestFirst = [{ at: "desc" as const }, { id: "desc" as const }];

type Row = Omit<Contact, "kind" | "areas"> & { kind: string; areas: string };

const toContact = (row: Row): Contact => ({
  ...row,
  kind: kindSchema.parse(row.kind),
  areas: readJson(areasSchema, row.areas, "Contact.areas"),
});

export function contactRepository(db: DbTransaction): ContactRepository {
  return {
    async create(contact) {
      await db.contact.create({ data: { ...contact, areas: writeJson(contact.areas) } });
    },
    async get(id) {
      const row = await db.contact.findUnique({ where: { id } });
      return row ? toContact(row) : null;
    },
    async correct(id, change) {
      await db.contact.update({ where: { id }, data: { at: change.at, kind: change.kind, durationMin: change.durationMin, areas: writeJson(change.areas) } });
    },
    async remove(id) {
      await db.contact.deleteMany({ where: { id } });
    },
    async listForClient(clientId, limit) {
      const rows = await db.contact.findMany({ where: { clientId }, orderBy: newestFirst, take: limit });
      return rows.map(toContact);
    },
    async latestForClient(clientId) {
      const row = await db.contact.findFirst({ where: { clientId }, orderBy: newestFirst });
      return row ? toContact(row) : null;
    },
    async latestTimes(clientIds) {
      if (clientIds.length === 0) return new Map();
      const rows = await db.contact.groupBy({ by: ["clientId"], where: { clientId: { in: [...clientIds] } }, _max: { at: true } });
      return new Map(rows.flatMap((row) => (row._max.at ? [[row.clientId, row._max.at] as const] : [])));
    },
    async clearNotesForClient(clientId) {
      const result = await db.contact.updateMany({ where: { clientId, note: { not: null } }, data: { note: null } });
      return result.count;
    },
  };
}
