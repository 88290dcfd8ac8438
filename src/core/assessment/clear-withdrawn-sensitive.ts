import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { ConsentPurpose } from "../consent/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { SensitiveCategory } from "./model.ts";
import { consentForCategory, openSensitive, sealSensitive, sensitiveCategories } from "./sensitive.ts";

/**
 * A withdrawn Art. 9 consent clears what was recorded under it (health or residence details), audited with the
 * category only. Called inside the withdrawal's transaction; returns the categories cleared.
 */
export async function clearWithdrawnSensitive(
  deps: Pick<CoreDeps, "clock" | "ids" | "crypto">,
  repositories: Pick<Repositories, "assessments" | "audit">,
  actor: Actor,
  client: Client,
  withdrawn: ConsentPurpose[],
): Promise<SensitiveCategory[]> {
  const categories = sensitiveCategories.filter((category) => withdrawn.includes(consentForCategory[category]));
  const stored = categories.length > 0 ? await repositories.assessments.get(client.id) : null;
  if (!stored || stored.sensitive === null) return [];
  const sensitive = openSensitive(deps.crypto, stored.sensitive);
  const cleared = categories.filter((category) => sensitive[category] !== undefined);
  if (cleared.length === 0) return [];
  for (const category of cleared) delete sensitive[category];
  await repositories.assessments.put({ ...stored, sensitive: sealSensitive(deps.crypto, sensitive), updatedAt: deps.clock.now() });
  await recordAudit(deps, repositories, actor, {
    action: `assessment.sensitive.clear:${cleared.join(",")}`,
    subjectKind: "client",
    subjectId: client.id,
    tenantId: client.tenantId,
    clientId: client.id,
  });
  return cleared;
}
