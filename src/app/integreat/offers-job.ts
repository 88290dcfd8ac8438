import type { CoreDeps } from "../../core/deps.ts";
import { syncIntegreatOffers } from "../../core/offers/sync-integreat.ts";
import type { Logger } from "../logger.ts";
import { integreatHttpSource, type IntegreatClientOptions } from "./client.ts";

/**
 * The daily Integreat sync as a job: a failed municipality is logged (its id and the reason, never personal data)
 * and keeps its last good cache; the job itself never throws for one region's failure.
 */
export function integreatOffersJob(deps: CoreDeps, logger: Logger, options: IntegreatClientOptions = {}) {
  const source = integreatHttpSource(options);
  return {
    name: "integreat-offers",
    expression: "40 3 * * *",
    run: async () => {
      const report = await syncIntegreatOffers(deps, source);
      for (const result of report.municipalities) {
        if (!result.ok) logger.warn({ municipalityId: result.municipalityId, reason: result.error }, "Integreat sync failed; keeping the last good offers");
        else if (result.failedLanguages.length > 0)
          logger.warn(
            { municipalityId: result.municipalityId, languages: result.failedLanguages },
            "Integreat sync: some languages failed; kept their last texts",
          );
      }
      return { municipalities: report.municipalities.length, failed: report.municipalities.filter((r) => !r.ok).length };
    },
  };
}
