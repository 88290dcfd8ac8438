import { z } from "zod";
import { channels, type ChannelIdentity } from "../../core/identities/model.ts";
import type { IdentityRepository } from "../../core/identities/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawBoolean, rawDate, rawDateOrNull, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";

const channelSchema = z.enum(channels);
const toIdentity = (row: Omit<ChannelIdentity, "channel"> & { channel: string }): ChannelIdentity => ({
  ...row,
  channel: channelSchema.parse(row.channel),
});

const fromRaw = (row: RawRow): ChannelIdentity =>
  toIdentity({
    id: rawText(row, "id"),
    channel: rawText(row, "channel"),
    externalId: rawText(row, "externalId"),
    conversationRef: rawTextOrNull(row, "conversationRef"),
    managerId: rawTextOrNull(row, "managerId"),
    clientId: rawTextOrNull(row, "clientId"),
    locale: rawTextOrNull(row, "locale"),
    active: rawBoolean(row, "active"),
    linkedAt: rawDate(row, "linkedAt"),
    deactivatedAt: rawDateOrNull(row, "deactivatedAt"),
  });

const identityColumns = `"id", "channel", "externalId", "conversationRef", "managerId", "clientId", "locale", "active", "linkedAt", "deactivatedAt"`;

const findByExternalSql = directStatement(
  "identity_by_external",
  `SELECT ${identityColumns} FROM "ChannelIdentity" WHERE "channel" = $1 AND "externalId" = $2`,
);

const clientsLinkedSql = directStatement(
  "identity_clients_linked_for_manager",
  `SELECT DISTINCT ci."clientId", ci."linkedAt" FROM "ChannelIdentity" ci
   JOIN "CaseAssignment" ca ON ca."clientId" = ci."clientId"
   WHERE ca."managerId" = $1 AND ci."active" = $2 AND ci."linkedAt" >= $3 AND ci."linkedAt" < $4
   ORDER BY ci."linkedAt" ASC, ci."clientId" ASC`,
);

/** `direct`: the read of every update (and the agenda's) runs on the driver (direct-sql.ts). */
export function identityRepository(db: DbTransaction, direct: DirectSql): IdentityRepository {
  return {
    async upsert(identity) {
      const { id, channel, externalId, ...rest } = identity;
      const row = await db.channelIdentity.upsert({
        where: { channel_externalId: { channel, externalId } },
        create: identity,
        update: rest,
      });
      void id;
      return toIdentity(row);
    },
    // Every inbound update starts here.
    async findByExternal(channel, externalId) {
      const rows = await direct.rows(findByExternalSql, [channel, externalId]);
      return rows[0] ? fromRaw(rows[0]) : null;
    },
    async get(id) {
      const row = await db.channelIdentity.findUnique({ where: { id } });
      return row ? toIdentity(row) : null;
    },
    async listForManager(managerId) {
      const rows = await db.channelIdentity.findMany({ where: { managerId, active: true }, orderBy: [{ linkedAt: "desc" }, { id: "asc" }] });
      return rows.map(toIdentity);
    },
    async listForClient(clientId) {
      const rows = await db.channelIdentity.findMany({ where: { clientId, active: true }, orderBy: [{ linkedAt: "desc" }, { id: "asc" }] });
      return rows.map(toIdentity);
    },
    async listAllForClient(clientId) {
      const rows = await db.channelIdentity.findMany({ where: { clientId }, orderBy: [{ linkedAt: "desc" }, { id: "asc" }] });
      return rows.map(toIdentity);
    },
    // One statement for the agenda's "joined" line (no relation between the two tables in the schema).
    async listClientsLinkedForManager(managerId, from, to) {
      const rows = await direct.rows(clientsLinkedSql, [managerId, true, from, to]);
      return rows.map((row) => ({ clientId: rawText(row, "clientId"), linkedAt: rawDate(row, "linkedAt") }));
    },
    async update(identity) {
      const { id, ...data } = identity;
      await db.channelIdentity.update({ where: { id }, data });
    },
  };
}
