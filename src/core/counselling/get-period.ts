import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { tenantZone } from "../reminders/recipient-zone.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Client } from "../cases/model.ts";
import { counsellingPeriod, type CounsellingPeriod } from "./period.ts";

export const getPeriodInput = z.object({ clientId: idSchema });

/** A case's period with the extension reason opened, for the people allowed to read it. */
export interface PeriodView extends Omit<CounsellingPeriod, "extension"> {
  clientId: string;
  clientName: string;
  extension: { endsAt: Date; at: Date; managerId: string; reason: string | null } | null;
}

/** A reason no configured key opens (e.g. after a key was retired) is left out rather than failing the view. */
function openReason(crypto: Pick<CoreDeps["crypto"], "decrypt">, sealed: string): string | null {
  try {
    return crypto.decrypt(sealed);
  } catch {
    return null;
  }
}

/** The reason is for the case's managers and the supervision (Fachaufsicht, tenant admin). */
function mayReadReason(actor: Actor, assignedManagerIds: string[]): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind !== "staff") return false;
  return actor.role === "supervisor" || actor.role === "admin" || assignedManagerIds.includes(actor.managerId);
}

export async function periodViewOf(
  deps: Pick<CoreDeps, "crypto" | "clock" | "defaultZone">,
  repositories: Pick<Repositories, "counsellingExtensions" | "tenants">,
  client: Client,
  withReason: boolean,
): Promise<PeriodView> {
  const zone = client.timezone ?? (await tenantZone(repositories, client.tenantId, deps.defaultZone));
  const period = counsellingPeriod(client, await repositories.counsellingExtensions.listForClient(client.id), zone, deps.clock.now());
  const { extension, ...rest } = period;
  return {
    ...rest,
    clientId: client.id,
    clientName: client.name,
    extension: extension
      ? { endsAt: extension.endsAt, at: extension.at, managerId: extension.managerId, reason: withReason ? openReason(deps.crypto, extension.reason) : null }
      : null,
  };
}

/** Start, end and status of a case's counselling period (VwV Integrationsmanagement: three years, four with a reason). */
export async function getCounsellingPeriod(deps: CoreDeps, actor: Actor, input: unknown): Promise<PeriodView> {
  const { clientId } = parseInput(getPeriodInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, clientId, "basic");
    return periodViewOf(
      deps,
      repositories,
      client,
      mayReadReason(
        actor,
        assignments.map((a) => a.managerId),
      ),
    );
  });
}
