import { findClients } from "../cases/find-clients.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import type { Inbound } from "../dialog/inbound.ts";
import type { ChatContext } from "./chat-context.ts";
import { clientPageAction, openClientAction } from "./chat-actions.ts";
import { singleMatchCard } from "./client-card-flow.ts";
import { agendaReply } from "./agenda-view.ts";
import { appointmentForm } from "./appointment-form.ts";
import { logForm, quickLog } from "./log-form.ts";
import { newClientForm } from "./new-client-form.ts";
import { planCommand } from "./plan-flow.ts";
import { reviewsDueReply } from "./review-flow.ts";
import { supervisorReportReply } from "../reports/report-reply.ts";
import { handlePactStaffCommand } from "../offers/pact-routes.ts";
import type { Routed } from "./route-inbound.ts";

const PAGE_SIZE = 8;

/** /clients [search]: the caseload, paged, each client a button. */
export async function clientList(context: ChatContext, query: string, page: number, edit = false): Promise<Outbound> {
  const result = await findClients(context.deps, context.actor, { ...(query ? { query } : {}), page, pageSize: PAGE_SIZE });
  if (result.total === 0) return say(query ? "manager.clients.none_found" : "manager.clients.empty", { query });
  const rows: Button[][] = result.clients.map((client) => [{ labelKey: "", label: client.name, data: openClientAction.encode(client.id) }]);
  const paging: Button[] = [];
  if (page > 0) paging.push({ labelKey: "manager.clients.previous", data: clientPageAction.encode(String(page - 1)) });
  if (page + 1 < result.pageCount) paging.push({ labelKey: "manager.clients.next", data: clientPageAction.encode(String(page + 1)) });
  if (paging.length > 0) rows.push(paging);
  return {
    parts: [{ key: "manager.clients.list", params: { count: result.total, page: page + 1, pages: result.pageCount } }],
    buttons: rows,
    ...(edit ? { edit: true } : {}),
  };
}

/** What staff can type. */
export async function handleStaffCommand(context: ChatContext, inbound: Extract<Inbound, { kind: "command" }>): Promise<Routed> {
  const pact = await handlePactStaffCommand(context, inbound.command); if (pact) return { outbound: pact };
  switch (inbound.command) {
    case "start":
      return { outbound: [say("manager.welcome_back")] };
    case "newclient":
      return { outbound: await startForm(context, newClientForm) };
    case "clients":
      return { outbound: [(await singleMatchCard(context, inbound.args.trim())) ?? (await clientList(context, inbound.args.trim(), 0))] };
    case "appointment":
      return { outbound: await startForm(context, appointmentForm) };
    case "log":
      return { outbound: inbound.args.trim() ? await quickLog(context, inbound.args.trim()) : await startForm(context, logForm) };
    case "agenda":
      return { outbound: await agendaReply(context) };
    case "plan":
      return { outbound: await planCommand(context, inbound.args.trim()) };
    case "review":
      return { outbound: await reviewsDueReply(context) };
    case "report": return { outbound: await supervisorReportReply(context) };
    default:
      return { outbound: [say("manager.help")] };
  }
}

const quickLogPrefix = /^log\s+/i;

/** Plain text from staff: "log …" is a one-line contact log; anything else gets the help. */
export async function handleStaffText(context: ChatContext, text: string): Promise<Routed> {
  const trimmed = text.trim();
  if (quickLogPrefix.test(trimmed)) return { outbound: await quickLog(context, trimmed.replace(quickLogPrefix, "")) };
  return { outbound: [say("manager.help")] };
}
