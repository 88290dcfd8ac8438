import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, managerRoles, qualifications, type ManagerRole, type Qualification } from "../shared/values.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const changeStaffRoleInput = z
  .object({
    managerId: idSchema,
    role: z.enum(managerRoles).optional(),
    /** "none" takes the qualification away. */
    qualification: z
      .enum([...qualifications, "none"])
      .optional()
      .transform((value) => (value === "none" ? null : value)),
  })
  .refine((input) => input.role !== undefined || input.qualification !== undefined, {
    message: "give a role, a qualification or both",
    path: ["role"],
  });

export interface StaffRoleChange {
  managerId: string;
  name: string;
  role: ManagerRole;
  qualification: Qualification | null;
  previous: { role: ManagerRole; qualification: Qualification | null };
  changed: boolean;
}

/**
 * Changes a staff member's role (manager, supervisor, admin) and/or qualification (a, b, c or none); audited as
 * `manager.role`. The operator, or the tenant's admin. A new role counts from the person's next message: every update
 * reads the staff member again (`identify`), so their commands, help and Telegram menu follow at once.
 */
export async function changeStaffRole(deps: CoreDeps, actor: Actor, input: unknown): Promise<StaffRoleChange> {
  const parsed = parseInput(changeStaffRoleInput, input);
  return deps.store.transaction(async (repositories) => {
    const manager = await repositories.managers.get(parsed.managerId);
    if (!manager) throw notFound("manager", parsed.managerId);
    assertCanSetUpTenant(actor, manager.tenantId);
    const role = parsed.role ?? manager.role;
    const qualification = parsed.qualification === undefined ? manager.qualification : parsed.qualification;
    const changed = role !== manager.role || qualification !== manager.qualification;
    if (changed) {
      await repositories.managers.setRole(manager.id, { role, qualification });
      await recordAudit(deps, repositories, actor, {
        action: "manager.role",
        subjectKind: "manager",
        subjectId: manager.id,
        tenantId: manager.tenantId,
      });
    }
    return {
      managerId: manager.id,
      name: manager.name,
      role,
      qualification,
      previous: { role: manager.role, qualification: manager.qualification },
      changed,
    };
  });
}
