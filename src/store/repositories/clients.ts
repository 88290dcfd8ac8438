import { z } from "zod";
import { caseStatuses, type Client } from "../../core/cases/model.ts";
import type { ClientRepository } from "../../core/cases/repositories.ts";
import { searchKey } from "../../core/shared/search-key.ts";
import type { DbTransaction } from "../prisma-client.ts";

type Row = Omit<Client, "status"> & { status: string; searchName: string };
const statusSchema = z.enum(caseStatuses);

const toClient = ({ searchName: _searchName, ...row }: Row): Client => ({ ...row, status: statusSchema.parse(row.status) });
const toRow = (client: Client) => ({ ...client, searchName: searchKey(client.name) });

export function clientRepository(db: DbTransaction): ClientRepository {
  return {
    async create(client) {
      await db.client.create({ data: toRow(client) });
    },
    async get(id) {
      const row = await db.client.findUnique({ where: { id } });
      return row ? toClient(row) : null;
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
