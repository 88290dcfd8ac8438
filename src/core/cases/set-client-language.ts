import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { clientLanguageSchema } from "../shared/languages.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Client } from "./model.ts";

export const setClientLanguageInput = z.object({ clientId: idSchema, language: clientLanguageSchema });

/** The client (or their manager) changes the language; everything sent afterwards, reminders included, uses it. */
export async function setClientLanguage(deps: CoreDeps, actor: Actor, input: unknown): Promise<Client> {
  const parsed = parseInput(setClientLanguageInput, input);
  if (actor.kind === "client" && actor.clientId !== parsed.clientId) throw forbidden("only for oneself");
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, actor.kind === "client" ? "basic" : "write");
    const updated: Client = { ...client, language: parsed.language };
    await repositories.clients.update(updated);
    await recordAudit(deps, repositories, actor, {
      action: "client.language",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return updated;
  });
}
