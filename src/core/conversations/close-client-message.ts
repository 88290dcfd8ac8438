import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

export const closeClientMessageInput = z.object({ messageId: idSchema });

/**
 * The manager marks a client's message done without writing back (dealt with by phone or in person): it leaves the
 * agenda. Returns the client's name; done twice changes nothing.
 */
export async function closeClientMessage(deps: CoreDeps, actor: Actor, input: unknown): Promise<{ clientName: string }> {
  const parsed = parseInput(closeClientMessageInput, input);
  assertStaff(actor);
  return deps.store.transaction(async (repositories) => {
    const message = await repositories.conversations.get(parsed.messageId);
    if (!message || message.direction !== "from_client" || message.status === "draft") throw notFound("message", parsed.messageId);
    const { client } = await loadClientInScope(repositories, actor, message.clientId, "write");
    if (message.status === "open") await repositories.conversations.update({ ...message, status: "done", closedAt: deps.clock.now() });
    return { clientName: client.name };
  });
}
