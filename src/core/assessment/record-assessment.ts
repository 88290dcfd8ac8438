import { z } from "zod";
import { actorId, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { genders } from "../cases/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { ConsentRecord } from "../consent/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { toAssessmentView, type AssessmentView } from "./assessment-view.ts";
import { assessmentDataSchema, healthSchema, residenceSchema, sensitiveAssessmentSchema, type StoredAssessment } from "./model.ts";
import { consentForCategory, openSensitive, sealSensitive, sensitiveCategories } from "./sensitive.ts";
import { addAssessmentVersion } from "./versions.ts";

const fields = assessmentDataSchema.shape;
const clearable = <S extends z.ZodType>(schema: S) => schema.nullable().optional();

/** Every field is voluntary: a value records it, null removes it, a missing field stays as it is. */
export const recordAssessmentInput = z
  .strictObject({
    clientId: idSchema,
    languages: clearable(fields.languages.unwrap()),
    schooling: clearable(fields.schooling.unwrap()),
    vocationalTraining: clearable(fields.vocationalTraining.unwrap()),
    degrees: clearable(fields.degrees.unwrap()),
    workExperience: clearable(fields.workExperience.unwrap()),
    interests: clearable(fields.interests.unwrap()),
    household: clearable(fields.household.unwrap()),
    /** The client's gender (Client.gender, first asked at intake); "not_stated" when the person prefers not to say. */
    gender: clearable(z.enum(genders)),
    health: clearable(healthSchema),
    residence: clearable(residenceSchema),
  })
  .refine((input) => Object.entries(input).some(([key, value]) => key !== "clientId" && value !== undefined), {
    message: "give at least one field",
    path: ["clientId"],
  });

/** Applies changes: a value replaces, null removes, undefined keeps. */
function withChanges(current: object, changes: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = Object.fromEntries(Object.entries(current));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}

function assertSensitiveConsent(ledger: ConsentRecord[], changes: Record<string, unknown>): void {
  for (const category of sensitiveCategories) {
    const purpose = consentForCategory[category];
    if (changes[category] != null && !hasCurrentConsent(ledger, purpose)) {
      throw new DomainError("consent_required", `recording ${category} needs consent ${purpose}`, [{ path: category, message: purpose }]);
    }
  }
}

/**
 * A manager records or updates a client's assessment (needs and resources, all voluntary) and the client's gender.
 * Health and residence details need the client's current consent and are sealed at rest. A change of the
 * non-sensitive part is kept as the next dated version (versions.ts); health and residence never are.
 */
export async function recordAssessment(deps: CoreDeps, actor: Actor, input: unknown): Promise<AssessmentView> {
  const { clientId, health, residence, gender, ...dataChanges } = parseInput(recordAssessmentInput, input);
  const sensitiveChanges = { health, residence };
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    const ledger = await repositories.consents.listForClient(client.id);
    assertSensitiveConsent(ledger, sensitiveChanges);
    const stored = await repositories.assessments.get(client.id);
    const sensitive = sensitiveAssessmentSchema.parse(withChanges(openSensitive(deps.crypto, stored?.sensitive ?? null), sensitiveChanges));
    const now = deps.clock.now();
    const next: StoredAssessment = {
      clientId: client.id,
      data: assessmentDataSchema.parse(withChanges(stored?.data ?? {}, dataChanges)),
      sensitive: sealSensitive(deps.crypto, sensitive),
      updatedAt: now,
      updatedBy: actorId(actor),
    };
    await repositories.assessments.put(next);
    const genderBefore = client.gender ?? null;
    const genderAfter = gender === undefined ? genderBefore : gender;
    if (genderAfter !== genderBefore) await repositories.clients.update({ ...client, gender: genderAfter });
    const before = { data: stored?.data ?? {}, gender: genderBefore };
    await addAssessmentVersion(repositories, client.id, before, { data: next.data, gender: genderAfter }, { at: now, by: next.updatedBy });
    const sensitiveTouched = sensitiveCategories.filter((category) => sensitiveChanges[category] !== undefined);
    await recordAudit(deps, repositories, actor, {
      action: sensitiveTouched.length > 0 ? `assessment.record:${sensitiveTouched.join(",")}` : "assessment.record",
      subjectKind: "assessment",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return toAssessmentView(deps.crypto, next, ledger, true);
  });
}
