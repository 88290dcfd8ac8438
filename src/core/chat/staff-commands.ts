import { findClients } from "../cases/find-clients.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import { clientPageAction, openClientAction } from "./chat-actions.ts";

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
