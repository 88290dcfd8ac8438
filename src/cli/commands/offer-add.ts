import { operator } from "../../core/actor.ts";
import { addLocalOffer } from "../../core/offers/add-offer.ts";
import type { CliCommand } from "../command.ts";

export const offerAddCommand: CliCommand = {
  path: ["offer", "add"],
  summary: "add a local offer by hand (in German), for a municipality without an Integreat region",
  usage:
    'lotse offer add --municipality ID --area AREA --title "Sprachcafé" [--time "dienstags 18 Uhr"] [--address ADDRESS] [--link URL] [--summary TEXT] [--json]',
  options: {
    municipality: { type: "string", description: "the municipality's id" },
    area: { type: "string", description: "language, work, recognition, housing, education, benefits, participation, everyday or health" },
    title: { type: "string", description: "the offer's name (German)" },
    time: { type: "string", description: "when, in words" },
    address: { type: "string", description: "where" },
    link: { type: "string", description: "a web link (https://…)" },
    summary: { type: "string", description: "a short description (German)" },
  },
  async run(options, { deps }) {
    const offer = await addLocalOffer(deps, operator, {
      municipalityId: options.municipality,
      area: options.area,
      title: options.title,
      timeText: options.time,
      address: options.address,
      url: options.link,
      summary: options.summary,
    });
    return {
      json: {
        id: offer.id,
        municipalityId: offer.municipalityId,
        area: offer.area,
        title: offer.texts.de?.title,
        timeText: offer.timeText,
        address: offer.address,
        url: offer.url,
      },
      text: `Offer added: ${offer.texts.de?.title ?? ""} (${offer.area}).\nid: ${offer.id}`,
    };
  },
};
