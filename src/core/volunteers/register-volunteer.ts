import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, personNameSchema } from "../shared/values.ts";
import { volunteerOffers, type Volunteer } from "./model.ts";
import { assertCanKeepRegister, municipalityFor } from "./volunteer-scope.ts";

export const registerVolunteerInput = z.object({
  municipalityId: idSchema,
  name: personNameSchema,
  languages: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2,3}$/, "must be language codes like de, ar or prs"),
    )
    .min(1, "give at least one language")
    .max(20)
    .transform((codes) => [...new Set(codes)]),
  offers: z
    .array(z.enum(volunteerOffers))
    .min(1, "give at least one offer")
    .transform((offers) => [...new Set(offers)]),
  availability: z.string().trim().min(1, "must not be empty").max(300),
  /** The volunteer agreed to be registered and contacted: without it nothing is stored. */
  consent: z.literal(true, { error: "the volunteer's consent is required" }),
});

/** A manager or admin adds a volunteer (Ehrenamt) to a municipality's register, with the volunteer's consent. */
export async function registerVolunteer(deps: CoreDeps, actor: Actor, input: unknown): Promise<Volunteer> {
  const parsed = parseInput(registerVolunteerInput, input);
  assertCanKeepRegister(actor);
  return deps.store.transaction(async (repositories) => {
    const municipality = await municipalityFor(repositories, actor, parsed.municipalityId);
    const now = deps.clock.now();
    const volunteer: Volunteer = {
      id: deps.ids.newId(),
      tenantId: municipality.tenantId,
      municipalityId: municipality.id,
      name: parsed.name,
      languages: parsed.languages,
      offers: parsed.offers,
      availability: parsed.availability,
      consentAt: now,
      active: true,
      createdAt: now,
    };
    await repositories.volunteers.create(volunteer);
    await recordAudit(deps, repositories, actor, {
      action: "volunteer.register",
      subjectKind: "volunteer",
      subjectId: volunteer.id,
      tenantId: volunteer.tenantId,
    });
    return volunteer;
  });
}
