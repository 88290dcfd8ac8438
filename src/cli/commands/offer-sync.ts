import { integreatHttpSource } from "../../app/integreat/client.ts";
import { syncIntegreatOffers } from "../../core/offers/sync-integreat.ts";
import type { CliCommand } from "../command.ts";

export const offerSyncCommand: CliCommand = {
  path: ["offer", "sync"],
  summary: "fetch the local offers of every municipality with an Integreat region now (the server does it daily)",
  usage: "lotse offer sync [--json]",
  options: {},
  async run(_options, { deps }) {
    const report = await syncIntegreatOffers(deps, integreatHttpSource());
    const lines = report.municipalities.map((r) =>
      r.ok
        ? `${r.municipalityId}: ${r.offers} offers in ${r.languages.join(", ")}${r.failedLanguages.length > 0 ? ` (kept earlier texts for ${r.failedLanguages.join(", ")})` : ""}`
        : `${r.municipalityId}: failed, kept ${r.offers} cached offers: ${r.error ?? ""}`,
    );
    return { json: report, text: lines.length > 0 ? lines.join("\n") : "No municipality has an Integreat region (lotse offer region)." };
  },
};
