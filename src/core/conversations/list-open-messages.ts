import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { assertStaff } from "../scope/client-access.ts";
import type { ConversationFileKind } from "./model.ts";

export interface OpenClientMessage {
  messageId: string;
  clientId: string;
  clientName: string;
  text: string | null;
  fileKind: ConversationFileKind | null;
  writtenAt: Date;
}

/** The messages clients passed to this manager that are neither answered nor done, oldest first (/messages). */
export async function listOpenMessages(deps: CoreDeps, actor: Actor): Promise<OpenClientMessage[]> {
  assertStaff(actor);
  const open = await deps.store.conversations.listOpenForManager(actor.managerId);
  const clients = new Map((await deps.store.clients.getMany([...new Set(open.map((message) => message.clientId))])).map((c) => [c.id, c]));
  return open.flatMap((message) => {
    const client = clients.get(message.clientId);
    if (!client || client.anonymizedAt) return [];
    return [
      {
        messageId: message.id,
        clientId: client.id,
        clientName: client.name,
        text: message.text,
        fileKind: message.file?.kind ?? null,
        writtenAt: message.createdAt,
      },
    ];
  });
}
