import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import { issueInvite } from "../invites/issue-invite.ts";
import type { IssuedInvite } from "../invites/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, managerRoles, personNameSchema, qualifications } from "../shared/values.ts";
import type { Manager } from "./model.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const addManagerInput = z.object({
  tenantId: idSchema,
  name: personNameSchema,
  municipalityIds: z.array(idSchema).default([]),
  role: z.enum(managerRoles).default("manager"),
  qualification: z.enum(qualifications).optional(),
  /** Stored in lower case: Teams sends `from.aadObjectId` that way. */
  aadObjectId: z
    .uuid("must be an Entra object id (a UUID)")
    .transform((id) => id.toLowerCase())
    .optional(),
});

export interface AddedManager {
  manager: Manager;
  invite: IssuedInvite;
}

export async function addManager(deps: CoreDeps, actor: Actor, input: unknown): Promise<AddedManager> {
  const parsed = parseInput(addManagerInput, input);
  assertCanSetUpTenant(actor, parsed.tenantId);
  return deps.store.transaction(async (repositories) => {
    if (!(await repositories.tenants.get(parsed.tenantId))) throw notFound("tenant", parsed.tenantId);
    for (const municipalityId of parsed.municipalityIds) {
      const municipality = await repositories.municipalities.get(municipalityId);
      if (!municipality || municipality.tenantId !== parsed.tenantId) {
        throw new DomainError("invalid_input", `municipality ${municipalityId} is not part of tenant ${parsed.tenantId}`, [
          { path: "municipalityIds", message: `unknown municipality ${municipalityId}` },
        ]);
      }
    }
    if (parsed.aadObjectId && (await repositories.managers.findByAadObjectId(parsed.aadObjectId))) {
      throw new DomainError("conflict", "this Entra object id already belongs to a manager", [{ path: "aadObjectId", message: "already in use" }]);
    }
    const manager: Manager = {
      id: deps.ids.newId(),
      tenantId: parsed.tenantId,
      name: parsed.name,
      role: parsed.role,
      qualification: parsed.qualification ?? null,
      municipalityIds: [...new Set(parsed.municipalityIds)],
      aadObjectId: parsed.aadObjectId ?? null,
      active: true,
      createdAt: deps.clock.now(),
    };
    await repositories.managers.create(manager);
    const invite = await issueInvite(deps, repositories, {
      purpose: "link_manager",
      tenantId: manager.tenantId,
      managerId: manager.id,
    });
    await recordAudit(deps, repositories, actor, {
      action: "manager.create",
      subjectKind: "manager",
      subjectId: manager.id,
      tenantId: manager.tenantId,
    });
    return { manager, invite };
  });
}
