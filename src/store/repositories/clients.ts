import { z } from "zod";
import { caseStatuses, genders, type Client } from "../../core/cases/model.ts";
import type { ClientRepository } from "../../core/cases/repositories.ts";
import { searchKey } from "../../core/shared/search-key.ts";
import { Prisma } from "../generated/sqlite/client.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawDateOrNull, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";

type Row = Omit<Client, "status" | "quietHours" | "gender"> & { status: string; searchName: string; quietHours?: string | null; gender?: string | null };
const statusSchema = z.enum(caseStatuses);
const genderSchema = z.enum(genders);

/** Own quiet hours only when set: a client without them reads like one created before they existed. */
const toClient = ({ searchName: _searchName, quietHours, gender, ...row }: Row): Client => ({
  ...row,
  ...(quietHours ? { quietHours } : {}),
  ...(gender ? { gender: genderSchema.catch("not_stated").parse(gender) } : {}),
  status: statusSchema.parse(row.status),
});
const toRow = (client: Client) => ({ ...client, searchName: searchKey(client.name) });

const clientColumnList = `"id", "tenantId", "householdId", "municipalityId", "name", "searchName", "language", "timezone", "quietHours", "gender", "status", "caseStartedAt", "closedAt", "anonymizedAt", "createdAt"`;
/** Prisma's SQL helpers are the same runtime for both generated clients; the placeholders follow the client that runs it. */
const clientColumns = Prisma.raw(clientColumnList);
const getSql = directStatement("client_get", `SELECT ${clientColumnList} FROM "Client" WHERE "id" = $1`);

function fromRawRow(row: RawRow): Client {
  return toClient({
    id: rawText(row, "id"),
    tenantId: rawText(row, "tenantId"),
    householdId: rawText(row, "householdId"),
    municipalityId: rawTextOrNull(row, "municipalityId"),
    name: rawText(row, "name"),
    searchName: rawText(row, "searchName"),
    language: rawText(row, "language"),
    timezone: rawTextOrNull(row, "timezone"),
    quietHours: rawTextOrNull(row, "quietHours"),
    gender: rawTextOrNull(row, "gender"),
    status: rawText(row, "status"),
    caseStartedAt: rawDate(row, "caseStartedAt"),
    closedAt: rawDateOrNull(row, "closedAt"),
    anonymizedAt: rawDateOrNull(row, "anonymizedAt"),
    createdAt: rawDate(row, "createdAt"),
  });
}

/** `direct`: the read of every update from a client runs on the driver (direct-sql.ts). */
export function clientRepository(db: DbTransaction, direct: DirectSql): ClientRepository {
  return {
    async create(client) {
      await db.client.create({ data: toRow(client) });
    },
    // Read for every update from a client.
    async get(id) {
      const [row] = await direct.rows(getSql, [id]);
      return row ? fromRawRow(row) : null;
    },
    // The clients on an agenda, in one statement.
    async getMany(ids) {
      const distinct = [...new Set(ids)];
      if (distinct.length === 0) return [];
      const rows = await db.$queryRaw<RawRow[]>`SELECT ${clientColumns} FROM "Client" WHERE "id" IN (${Prisma.join(distinct)})`;
      return rows.map(fromRawRow);
    },
    async update(client) {
      const { id, ...data } = toRow(client);
      await db.client.update({ where: { id }, data });
    },
    async listByHousehold(householdId) {
      const rows = await db.client.findMany({ where: { householdId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
      return rows.map(toClient);
    },
    async search(search) {
      const where = {
        tenantId: search.tenantId,
        anonymizedAt: null,
        ...(search.status ? { status: search.status } : {}),
        ...(search.managerId ? { assignments: { some: { managerId: search.managerId } } } : {}),
        ...(search.nameContains ? { searchName: { contains: searchKey(search.nameContains) } } : {}),
      };
      const [rows, total] = await Promise.all([
        db.client.findMany({
          where,
          orderBy: [{ searchName: "asc" }, { id: "asc" }],
          skip: search.offset ?? 0,
          take: search.limit ?? 20,
        }),
        db.client.count({ where }),
      ]);
      return { clients: rows.map(toClient), total };
    },
  };
}
