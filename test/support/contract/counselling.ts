import { describe, expect, it } from "vitest";
import type { CounsellingExtension } from "../../../src/core/counselling/model.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

export function counsellingContract(context: ContractContext): void {
  describe("counselling extensions", () => {
    const extension = (tenantId: string, clientId: string, when: string): CounsellingExtension => ({
      id: context.unique("ext"),
      tenantId,
      clientId,
      managerId: "manager-1",
      endsAt: at("2031-01-01T00:00:00Z"),
      reason: "sealed:reason",
      at: at(when),
    });

    it("lists a client's extensions oldest first and a tenant's newest first; erasure removes them", async () => {
      const store = context.store();
      const { tenantId, client } = await seedClient(context);
      const other = await seedClient(context, { tenantId });
      const first = extension(tenantId, client.id, "2029-10-01T08:00:00Z");
      const second = extension(tenantId, client.id, "2029-11-01T08:00:00Z");
      const third = extension(tenantId, other.client.id, "2029-10-15T08:00:00Z");
      for (const e of [second, third, first]) await store.counsellingExtensions.add(e);
      expect(await store.counsellingExtensions.listForClient(client.id)).toEqual([first, second]);
      expect((await store.counsellingExtensions.listForTenant(tenantId)).map((e) => e.id)).toEqual([second.id, third.id, first.id]);
      await expect(store.counsellingExtensions.add(first)).rejects.toThrow();
      expect(await store.counsellingExtensions.deleteForClient(client.id)).toBe(2);
      expect(await store.counsellingExtensions.listForClient(client.id)).toEqual([]);
      expect(await store.counsellingExtensions.listForTenant(tenantId)).toEqual([third]);
    });
  });
}
