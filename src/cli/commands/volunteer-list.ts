import { z } from "zod";
import { DomainError, notFound } from "../../core/errors.ts";
import type { CliCommand } from "../command.ts";

export const volunteerListCommand: CliCommand = {
  path: ["volunteer", "list"],
  summary: "list a municipality's volunteer register",
  usage: "lotse volunteer list --municipality ID [--json]",
  options: { municipality: { type: "string", description: "the municipality's id" } },
  async run(options, { deps }) {
    const parsed = z.string().min(1).safeParse(options.municipality);
    if (!parsed.success) throw new DomainError("invalid_input", "--municipality is required", [{ path: "municipality", message: "required" }]);
    // An unknown id is bad input (exit 2, --municipality named), not an empty register.
    if (!(await deps.store.municipalities.get(parsed.data))) throw notFound("municipality", parsed.data);
    const volunteers = await deps.store.volunteers.listForMunicipalities([parsed.data]);
    return {
      json: volunteers.map((v) => ({ id: v.id, name: v.name, languages: v.languages, offers: v.offers, availability: v.availability, active: v.active })),
      text:
        volunteers.length === 0
          ? "No volunteers registered."
          : volunteers.map((v) => `${v.id}  ${v.name}  [${v.languages.join(", ")}]  ${v.offers.join(", ")}  (${v.availability})`).join("\n"),
    };
  },
};
