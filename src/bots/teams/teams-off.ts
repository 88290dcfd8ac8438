import type { FastifyReply, FastifyRequest } from "fastify";
import type { ChannelSender } from "../../delivery/ports.ts";
import type { TeamsBot } from "./teams-bot.ts";

/**
 * Teams switched off, without botbuilder: the composition root loads `teams-channel.ts` (and with it botbuilder,
 * about 26 MB and up to 2 s of start-up) only when Teams is configured.
 */
export const MESSAGES_URL = "/api/messages";

export interface TeamsChannelConfig {
  appId?: string | undefined;
  appPassword?: string | undefined;
  tenantId?: string | undefined;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  /** Without an app id: accept activities without a token (local tests, Bot Framework tooling). */
  devUnauthenticated: boolean;
}

export interface TeamsRoute {
  method: "POST";
  url: string;
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

export interface TeamsChannel {
  /** POST /api/messages. */
  route: TeamsRoute;
  /** The dispatcher's way out; null when the channel refuses everything (not configured). */
  sender: ChannelSender | null;
  bot: TeamsBot | null;
}

/** Without credentials (and without the development switch) /api/messages refuses everything. */
export const teamsIsOpen = (config: Pick<TeamsChannelConfig, "appId" | "devUnauthenticated">): boolean => Boolean(config.appId) || config.devUnauthenticated;

/** The channel when Teams is off: every request is refused; nothing of botbuilder is needed for it. */
export function closedTeamsChannel(): TeamsChannel {
  return {
    route: {
      method: "POST",
      url: MESSAGES_URL,
      onRequest: async (_request, reply) => reply.code(401).send({ error: "teams is not configured" }),
      handler: async (_request, reply) => reply.code(401).send({ error: "teams is not configured" }),
    },
    sender: null,
    bot: null,
  };
}
