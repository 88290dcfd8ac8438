import { describe, expect, it } from "vitest";
import type { Repositories } from "../../src/core/ports/store.ts";
import { databaseKinds } from "../support/databases.ts";
import { migratedStoreFor } from "../support/migrated-store.ts";

const at = (iso: string) => new Date(iso);

/**
 * Inside `store.transaction` the repositories run some statements on the driver beside Prisma (src/store/direct-sql.ts).
 * They must run on the transaction's own connection: see its uncommitted rows, go with its rollback, and never land in
 * another transaction, however many run at once.
 */
for (const kind of databaseKinds()) {
  describe(`statements beside Prisma inside a transaction, ${kind.name}`, () => {
    const { store } = migratedStoreFor(kind);

    const tenant = (id: string) => ({ id, name: `Kreis ${id}`, timezone: "Europe/Berlin", createdAt: at("2027-01-01T00:00:00Z") });
    const checkIn = (stepId: string, id: string) => ({ id, stepId, clientId: "client-1", answer: "in_progress" as const, at: at("2027-03-01T09:00:00Z") });

    it("reads what Prisma wrote in the same transaction, and writes what Prisma then reads", async () => {
      await store().transaction(async (repositories) => {
        await repositories.tenants.create(tenant("t-own")); // through Prisma
        expect(await repositories.tenants.get("t-own")).toMatchObject({ name: "Kreis t-own" }); // on the driver
        await repositories.checkIns.record(checkIn("step-own", "c-own")); // on the driver
        expect(await repositories.checkIns.listForStep("step-own")).toHaveLength(1); // through Prisma
      });
      expect(await store().checkIns.countForStep("step-own")).toBe(1);
    });

    it("leaves nothing of a failed transaction, the driver's writes included", async () => {
      await expect(
        store().transaction(async (repositories) => {
          await repositories.checkIns.record(checkIn("step-failed", "c-failed"));
          expect(await repositories.checkIns.countForStep("step-failed")).toBe(1);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store().checkIns.countForStep("step-failed")).toBe(0);
    });

    it("keeps each of twenty concurrent transactions to its own connection", async () => {
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store().transaction(async (repositories) => {
            await repositories.tenants.create(tenant(`t-many-${i}`));
            await repositories.checkIns.record(checkIn(`step-many-${i}`, `c-many-${i}`));
            const own = await repositories.tenants.get(`t-many-${i}`);
            return { own: own?.id, answers: await repositories.checkIns.countForStep(`step-many-${i}`) };
          }),
        ),
      );
      seen.forEach((transaction, i) => {
        expect(transaction.own).toBe(`t-many-${i}`);
        expect(transaction.answers).toBe(1);
      });
      for (let i = 0; i < 20; i += 1) expect(await store().checkIns.countForStep(`step-many-${i}`)).toBe(1);
    });

    it("refuses a statement on a transaction's repositories after it ended", async () => {
      let kept: Repositories | undefined;
      await store().transaction(async (repositories) => {
        kept = repositories;
      });
      await expect(kept?.checkIns.countForStep("step-late") ?? Promise.resolve(0)).rejects.toThrow("after the end of its transaction");
    });
  });
}
