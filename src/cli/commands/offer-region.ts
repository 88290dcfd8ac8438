import { operator } from "../../core/actor.ts";
import { setIntegreatRegion } from "../../core/offers/set-integreat-region.ts";
import { UsageError, type CliCommand } from "../command.ts";

export const offerRegionCommand: CliCommand = {
  path: ["offer", "region"],
  summary: "name the Integreat region a municipality's local offers come from (or --none to stop syncing)",
  usage: "lotse offer region --municipality ID (--region SLUG [--base-url URL] | --none) [--json]",
  options: {
    municipality: { type: "string", description: "the municipality's id" },
    region: { type: "string", description: "the Integreat region slug, e.g. augsburg" },
    "base-url": { type: "string", description: "the Integreat CMS (default https://cms.integreat-app.de)" },
    none: { type: "boolean", description: "remove the region: no more syncing" },
  },
  async run(options, { deps }) {
    if (options.none === true && options.region !== undefined) throw new UsageError("give either --region or --none");
    if (options.none !== true && options.region === undefined) throw new UsageError("--region or --none is required");
    const region = await setIntegreatRegion(deps, operator, {
      municipalityId: options.municipality,
      region: options.none === true ? null : options.region,
      baseUrl: options["base-url"],
    });
    return {
      json: { municipalityId: options.municipality, integreat: region },
      text: region
        ? `Integreat region ${region.region} at ${region.baseUrl}; offers are fetched daily (or now with lotse offer sync).`
        : "No Integreat region: offers are added by hand.",
    };
  },
};
