import { operator } from "../../src/core/actor.ts";
import { handleInbound } from "../../src/core/chat/handle-inbound.ts";
import type { ChatSession, Inbound } from "../../src/core/dialog/inbound.ts";
import type { Button, Outbound } from "../../src/core/dialog/messages.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import type { TestCore } from "./core-deps.ts";
import { seedClient, seedConsent, seedTenant } from "./seed.ts";

/** Building blocks for driving the channel-neutral chat (handleInbound) in unit tests. */
export const command = (name: string, args = ""): Inbound => ({ kind: "command", command: name, args });
export const text = (value: string): Inbound => ({ kind: "text", text: value });
export const tap = (data: string | undefined): Inbound => ({ kind: "action", data: data ?? "" });
export const keys = (outbound: Outbound[]) => outbound.flatMap((o) => o.parts.map((p) => p.key));
export const buttons = (outbound: Outbound[]): Button[] => outbound.flatMap((o) => o.buttons?.flat() ?? []);
export const byLabel = (label: string) => (b: Button) => b.label === label;
export const byKey = (key: string) => (b: Button) => b.labelKey === key;

/** The data of the first button that matches; fails the test when there is none. */
export function button(outbound: Outbound[], match: (b: Button) => boolean): string {
  const found = buttons(outbound).find(match);
  if (!found?.data) throw new Error(`no such button in ${JSON.stringify(outbound)}`);
  return found.data;
}

export const telegramChat = (externalId: string, locale = "de"): ChatSession => ({
  channel: "telegram",
  externalId,
  conversationRef: JSON.stringify({ chatId: externalId }),
  locale,
});

/** A manager linked to a chat, with a caseload of consenting clients by name. */
export async function linkedManager(core: TestCore, names: string[], chat: ChatSession = telegramChat("100")) {
  const tenantId = await seedTenant(core.store);
  const { manager, invite } = await addManager(core.deps, operator, { tenantId, name: "Petra Neu" });
  await handleInbound(core.deps, chat, command("start", invite.code));
  const clients = [];
  for (const name of names) {
    const client = await seedClient(core.store, tenantId, { managerId: manager.id, name });
    await seedConsent(core.store, client.id);
    clients.push(client);
  }
  const send = (inbound: Inbound) => handleInbound(core.deps, chat, inbound).then((reply) => reply.outbound);
  return { manager, clients, send };
}
