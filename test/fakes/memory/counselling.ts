import type { CounsellingExtension } from "../../../src/core/counselling/model.ts";
import type { CounsellingRepositories } from "../../../src/core/counselling/repositories.ts";
import { byTimeThenId, copy, deleteWhere, uniqueViolation } from "./shared.ts";

export interface CounsellingState {
  counsellingExtensions: Map<string, CounsellingExtension>;
}

export const emptyCounsellingState = (): CounsellingState => ({ counsellingExtensions: new Map() });

/** Recorded extensions of the counselling period, in memory. */
export function memoryCounsellingRepositories(state: () => CounsellingState): CounsellingRepositories {
  const all = () => [...state().counsellingExtensions.values()];
  return {
    counsellingExtensions: {
      add: async (extension) => {
        if (state().counsellingExtensions.has(extension.id)) throw uniqueViolation("counsellingExtension.id");
        state().counsellingExtensions.set(extension.id, copy(extension));
      },
      listForClient: async (clientId) =>
        all()
          .filter((e) => e.clientId === clientId)
          .sort(byTimeThenId((e) => e.at))
          .map(copy),
      listForTenant: async (tenantId) =>
        all()
          .filter((e) => e.tenantId === tenantId)
          .sort(byTimeThenId((e) => e.at))
          .reverse()
          .map(copy),
      deleteForClient: async (clientId) => deleteWhere(state().counsellingExtensions, (e) => e.clientId === clientId),
    },
  };
}
