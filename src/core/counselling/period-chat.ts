import { z } from "zod";
import { actionIdArg, defineAction, type Action } from "../dialog/action-codec.ts";
import { defineForm, type FormContext } from "../dialog/form.ts";
import type { DialogContext } from "../dialog/form-runner.ts";
import { startCaseForm } from "../chat/case-forms.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { caseloadOptions, isStaffManager } from "../chat/staff-options.ts";
import { countCasesByPeriodStatus } from "./count-by-period-status.ts";
import { extendCounsellingPeriod } from "./extend-period.ts";
import { listPeriodsNeedingAttention } from "./list-periods.ts";
import type { PeriodView } from "./get-period.ts";

/** "Extend" under a case in /periods: opens the extension form for that client. */
export const extendPeriodAction = defineAction("pext", [actionIdArg]);

const maxShown = 15;
const dateParam = (at: Date, zone: string) => ({ t: "date" as const, iso: at.toISOString(), zone });
/** The last day of counselling is the day before the end instant. */
const lastDayOf = (view: Pick<PeriodView, "endsAt">) => new Date(view.endsAt.getTime() - 1);

/** /extend: client and reason → the period runs until four years after the case start; supervisors are told. */
export const extendPeriodForm = defineForm({
  id: "pextend",
  titleKey: "manager_counselling.extend.title",
  schema: z.object({ clientId: z.string().min(1), reason: z.string().trim().min(1).max(1000) }),
  allowed: isStaffManager,
  fields: [
    {
      name: "clientId",
      type: "choice",
      promptKey: "manager_counselling.extend.client",
      labelKey: "manager.labels.client",
      options: (context: FormContext) => caseloadOptions(context),
    },
    { name: "reason", type: "text", promptKey: "manager_counselling.extend.reason", labelKey: "manager_counselling.labels.reason", maxLength: 1000 },
  ],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    const period = await extendCounsellingPeriod(deps, actor, values);
    return [say("manager_counselling.extend.done", { lastDay: dateParam(lastDayOf(period), zone) })];
  },
});

function periodMessage(view: PeriodView, zone: string): Outbound {
  const parts: Outbound["parts"] = [
    {
      key:
        view.status === "overdue"
          ? "manager_counselling.periods.overdue"
          : view.status === "ending_soon"
            ? "manager_counselling.periods.ending_soon"
            : "manager_counselling.periods.extended",
      params: { client: view.clientName, started: dateParam(view.startedAt, zone), lastDay: dateParam(lastDayOf(view), zone) },
    },
  ];
  if (view.extension?.reason) parts.push({ key: "manager_counselling.periods.reason", params: { why: view.extension.reason } });
  const canExtend = !view.extension && view.endsAt < view.latestEndsAt;
  return canExtend
    ? { parts, buttons: [[{ labelKey: "manager_counselling.periods.extend_button", data: extendPeriodAction.encode(view.clientId) }]] }
    : { parts };
}

/** For supervision: how many of the tenant's cases are running, extended, ending soon, past their end or closed. */
async function periodOverview(context: DialogContext): Promise<Outbound[]> {
  const { actor } = context;
  if (actor.kind !== "staff" || (actor.role !== "supervisor" && actor.role !== "admin")) return [];
  const counts = await countCasesByPeriodStatus(context.deps, actor, { tenantId: actor.tenantId });
  return [say("manager_counselling.periods.overview", counts)];
}

/**
 * /periods: cases ending within three months, past their end, or extended (with the reasons); supervisors and admins
 * first see the counts of the whole tenant.
 */
export async function periodsReply(context: DialogContext): Promise<Outbound[]> {
  const overview = await periodOverview(context);
  const views = await listPeriodsNeedingAttention(context.deps, context.actor);
  if (views.length === 0) return [...overview, say("manager_counselling.periods.none")];
  const shown = views.slice(0, maxShown).map((view) => periodMessage(view, context.zone));
  return [...overview, ...shown, ...(views.length > maxShown ? [say("manager_counselling.periods.more", { count: views.length - maxShown })] : [])];
}

/** The counselling-period buttons of staff; null when the action is not one of them. The case's scope comes first. */
export async function routePeriodAction(context: DialogContext, action: Action | null): Promise<Outbound[] | null> {
  const extend = extendPeriodAction.match(action);
  if (extend) return startCaseForm(context, { clientId: extend[0] }, extendPeriodForm, { clientId: extend[0] });
  return null;
}
