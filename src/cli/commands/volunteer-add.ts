import { operator } from "../../core/actor.ts";
import { volunteerOffers } from "../../core/volunteers/model.ts";
import { registerVolunteer } from "../../core/volunteers/register-volunteer.ts";
import type { CliCommand } from "../command.ts";

export const volunteerAddCommand: CliCommand = {
  path: ["volunteer", "add"],
  summary: "add a volunteer (Ehrenamt) to a municipality's register; needs --consent (the volunteer agreed)",
  usage: `lotse volunteer add --municipality ID --name NAME --language CODE... --offer ${volunteerOffers.join("|")}... --availability TEXT --consent [--json]`,
  options: {
    municipality: { type: "string", description: "the municipality's id" },
    name: { type: "string", description: "the volunteer's name" },
    language: { type: "string", multiple: true, description: "a language the volunteer speaks, e.g. de, ar, prs" },
    offer: { type: "string", multiple: true, description: `what they offer: ${volunteerOffers.join(", ")}` },
    availability: { type: "string", description: "when they are available, in words" },
    consent: { type: "boolean", description: "the volunteer agreed to be registered and contacted" },
  },
  async run(options, { deps }) {
    const volunteer = await registerVolunteer(deps, operator, {
      municipalityId: options.municipality,
      name: options.name,
      languages: options.language ?? [],
      offers: options.offer ?? [],
      availability: options.availability,
      consent: options.consent === true,
    });
    return {
      json: {
        id: volunteer.id,
        municipalityId: volunteer.municipalityId,
        name: volunteer.name,
        languages: volunteer.languages,
        offers: volunteer.offers,
        availability: volunteer.availability,
      },
      text: `Volunteer ${volunteer.name} registered.\nid: ${volunteer.id}`,
    };
  },
};
