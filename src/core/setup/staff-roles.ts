import type { ManagerRole } from "../shared/values.ts";

/** The label of each staff role (literal keys, so the i18n check sees them). */
export const roleKeys: Record<ManagerRole, string> = {
  manager: "manager_staff.role.manager",
  supervisor: "manager_staff.role.supervisor",
  admin: "manager_staff.role.admin",
};
