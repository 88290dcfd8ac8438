import { z } from "zod";
import type { Actor } from "../actor.ts";
import { defineAction, type Action } from "../dialog/action-codec.ts";
import { defineForm, type FieldOption, type FormContext } from "../dialog/form.ts";
import { startForm, type DialogContext } from "../dialog/form-runner.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { reassignCaseload } from "../handover/reassign-caseload.ts";
import { managerRoles, qualifications } from "../shared/values.ts";
import { changeStaffRole } from "./change-staff-role.ts";
import { deactivateManager } from "./deactivate-manager.ts";
import type { Manager } from "./model.ts";
import { roleKeys } from "./staff-roles.ts";

/** The buttons under /staff: switch someone off (admin), change role and qualification (admin), move cases. */
export const staffChangeAction = defineAction("stf", [z.enum(["off", "role", "move"])]);

const isAdmin = (actor: Actor) => actor.kind === "staff" && actor.role === "admin";
const leadsTeam = (actor: Actor) => actor.kind === "staff" && (actor.role === "supervisor" || actor.role === "admin");

/** The tenant's staff that pass `keep`, by name, as choices. */
async function staffChoices({ deps, actor }: Pick<FormContext, "deps" | "actor">, keep: (member: Manager) => boolean): Promise<FieldOption[]> {
  if (actor.kind !== "staff") return [];
  const staff = await deps.store.managers.listByTenant(actor.tenantId);
  return staff
    .filter(keep)
    .sort((a, b) => a.name.localeCompare(b.name, "de"))
    .map((member) => ({ value: member.id, labelKey: "", label: member.name }));
}

const notSelf = (actor: Actor, member: Manager) => actor.kind !== "staff" || member.id !== actor.managerId;

/** An admin switches off a staff member who left; their open cases go to a colleague in the same step (or later). */
export const staffOffForm = defineForm({
  id: "staffoff",
  titleKey: "manager_staff.off.title",
  schema: z.object({ member: z.string().min(1), takeover: z.string().min(1), confirm: z.boolean() }),
  allowed: isAdmin,
  fields: [
    {
      name: "member",
      type: "choice",
      promptKey: "manager_staff.off.member",
      labelKey: "manager_staff.labels.member",
      options: (context) => staffChoices(context, (m) => m.active && notSelf(context.actor, m)),
    },
    {
      name: "takeover",
      type: "choice",
      promptKey: "manager_staff.off.takeover",
      labelKey: "manager_staff.labels.takeover",
      options: async (context) => [
        ...(await staffChoices(context, (m) => m.active && m.role !== "supervisor" && m.id !== context.values.member)),
        { value: "later", labelKey: "manager_staff.off.later" },
      ],
    },
    { name: "confirm", type: "confirm", promptKey: "manager_staff.off.confirm", labelKey: "manager_staff.labels.confirm" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const later = values.takeover === "later";
    const result = await deactivateManager(context.deps, context.actor, {
      managerId: values.member,
      ...(later ? { reassignLater: true } : { reassignTo: values.takeover }),
    });
    const handedOver = result.reassigned?.clients.filter((c) => c.outcome !== "skipped").length ?? 0;
    const done = say("manager_staff.off.done", { name: result.name, count: result.chatAccountsSwitchedOff });
    const cases = result.reassigned
      ? say("manager_staff.off.handed_over", { count: handedOver, colleague: result.reassigned.to.name, left: result.openCases })
      : say("manager_staff.off.cases_wait", { count: result.openCases });
    return [{ parts: [...done.parts, ...cases.parts] }];
  },
});

/** An admin changes a staff member's role and qualification (they see the new commands at their next message). */
export const staffRoleForm = defineForm({
  id: "staffrol",
  titleKey: "manager_staff.role_change.title",
  schema: z.object({ member: z.string().min(1), role: z.enum(managerRoles), qualification: z.enum([...qualifications, "none"]) }),
  allowed: isAdmin,
  fields: [
    {
      name: "member",
      type: "choice",
      promptKey: "manager_staff.role_change.member",
      labelKey: "manager_staff.labels.member",
      options: (context) => staffChoices(context, (m) => m.active),
    },
    {
      name: "role",
      type: "choice",
      promptKey: "manager_staff.role_change.role",
      labelKey: "manager_staff.labels.role",
      options: async () => managerRoles.map((role) => ({ value: role, labelKey: roleKeys[role] })),
    },
    {
      name: "qualification",
      type: "choice",
      promptKey: "manager_staff.role_change.qualification",
      labelKey: "manager_staff.labels.qualification",
      options: async () => [
        ...qualifications.map((q) => ({ value: q, labelKey: "", label: q })),
        { value: "none", labelKey: "manager_staff.qualification_none" },
      ],
    },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const changed = await changeStaffRole(context.deps, context.actor, { managerId: values.member, role: values.role, qualification: values.qualification });
    const qualification = changed.qualification ?? { t: "key" as const, key: "manager_staff.qualification_none" };
    return [say("manager_staff.role_change.done", { name: changed.name, role: { t: "key", key: roleKeys[changed.role] }, qualification })];
  },
});

/** Supervisors and admins move all open cases of one staff member to another (each a handover with its messages). */
export const staffMoveForm = defineForm({
  id: "staffmov",
  titleKey: "manager_staff.move.title",
  schema: z.object({ from: z.string().min(1), to: z.string().min(1), confirm: z.boolean() }),
  allowed: leadsTeam,
  fields: [
    {
      name: "from",
      type: "choice",
      promptKey: "manager_staff.move.from",
      labelKey: "manager_staff.labels.from",
      options: (context) => staffChoices(context, () => true),
    },
    {
      name: "to",
      type: "choice",
      promptKey: "manager_staff.move.to",
      labelKey: "manager_staff.labels.to",
      options: (context) => staffChoices(context, (m) => m.active && m.role !== "supervisor" && m.id !== context.values.from),
    },
    { name: "confirm", type: "confirm", promptKey: "manager_staff.move.confirm", labelKey: "manager_staff.labels.confirm" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    if (!values.confirm) return [say("dialog.cancelled")];
    const result = await reassignCaseload(context.deps, context.actor, { fromManagerId: values.from, toManagerId: values.to });
    const count = (outcome: string) => result.clients.filter((c) => c.outcome === outcome).length;
    return [
      say("manager_staff.move.done", {
        from: result.from.name,
        to: result.to.name,
        handedOver: count("handed_over"),
        unshared: count("unshared"),
        skipped: count("skipped"),
      }),
    ];
  },
});

/** The staff forms, for the chat's form registry. */
export const staffForms = [staffOffForm, staffRoleForm, staffMoveForm];

/** The buttons under /staff for this actor: admins change staff, supervisors and admins move cases. */
export function staffChangeButtons(actor: Actor): Button[][] {
  const move: Button = { labelKey: "manager_staff.button.move", data: staffChangeAction.encode("move") };
  if (!isAdmin(actor)) return leadsTeam(actor) ? [[move]] : [];
  return [
    [
      { labelKey: "manager_staff.button.off", data: staffChangeAction.encode("off") },
      { labelKey: "manager_staff.button.role", data: staffChangeAction.encode("role") },
    ],
    [move],
  ];
}

/** A /staff button: starts its form (the form checks who may use it). */
export async function routeStaffChangeAction(context: DialogContext, action: Action | null): Promise<Outbound[] | null> {
  const matched = staffChangeAction.match(action);
  if (!matched) return null;
  const form = { off: staffOffForm, role: staffRoleForm, move: staffMoveForm }[matched[0]];
  return startForm(context, form);
}
