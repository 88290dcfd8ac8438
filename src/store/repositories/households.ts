import type { Household } from "../../core/cases/model.ts";
import type { HouseholdRepository } from "../../core/cases/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

export function householdRepository(db: DbTransaction): HouseholdRepository {
  return {
    async create(household) {
      await db.household.create({ data: { ...household } });
    },
    async get(id): Promise<Household | null> {
      return db.household.findUnique({ where: { id } });
    },
    async update(household) {
      const { id, ...data } = household;
      await db.household.update({ where: { id }, data });
    },
  };
}
