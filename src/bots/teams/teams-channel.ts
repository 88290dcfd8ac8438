import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request as BotRequest, type Response as BotResponse, type TurnContext } from "botbuilder";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { CoreDeps } from "../../core/deps.ts";
import type { Translator } from "../../i18n/index.ts";
import { createTeamsBot, teamsErrorFields, type TeamsLog } from "./teams-bot.ts";
import { createTeamsSender } from "./teams-sender.ts";
import { closedTeamsChannel, MESSAGES_URL, teamsIsOpen, type TeamsChannel, type TeamsChannelConfig, type TeamsRoute } from "./teams-off.ts";

export { MESSAGES_URL };
export type { TeamsChannel, TeamsChannelConfig, TeamsRoute } from "./teams-off.ts";

/** What botbuilder needs before it can even answer: a type, where to answer and which conversation. */
function isActivityLike(body: unknown): body is { type: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { type, serviceUrl, conversation } = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } | null };
  return (
    typeof type === "string" && type.length > 0 && typeof serviceUrl === "string" && /^https?:\/\//.test(serviceUrl) && typeof conversation?.id === "string"
  );
}

/** botbuilder's Response on top of fastify's reply: status, headers and body are collected, then sent once. */
function responseShim(request: FastifyRequest, reply: FastifyReply): BotResponse & { flush(): FastifyReply } {
  let status = 200;
  let body: unknown;
  return {
    socket: request.raw.socket,
    status(code: number) {
      status = code;
    },
    header(name: string, value: unknown) {
      reply.header(name, value);
    },
    send(...args: unknown[]) {
      body = args[0];
    },
    end() {},
    flush() {
      if (status === 401) return reply.code(401).send({ error: "unauthorized" });
      if (status >= 400) return reply.code(status).send({ error: status === 400 ? "malformed request" : "request failed" });
      return body === undefined ? reply.code(status).send() : reply.code(status).send(body);
    },
  };
}

/**
 * The adapter for incoming turns and proactive sends. A failed turn is logged, never answered with a stack trace.
 * onTurnError also catches errors inside continueConversationAsync: the sender captures its own send's outcome
 * itself, so a failed proactive message is never mistaken for a sent one.
 */
export function createTeamsAdapter(config: TeamsChannelConfig, logger: Pick<TeamsLog, "error">): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    ...(config.appId ? { MicrosoftAppId: config.appId, MicrosoftAppType: config.appType } : {}),
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_turn: TurnContext, error: Error) => {
    logger.error(teamsErrorFields(error), "teams: turn failed");
  };
  return adapter;
}

/**
 * The Teams channel on the shared HTTP server. With an app id, botbuilder's CloudAdapter checks every request's
 * Bot Framework token (a request without one is a 401 before any handler runs). Without an app id everything is
 * refused, unless TEAMS_DEV_UNAUTHENTICATED=true: then tokens are neither required nor sent (local tests only).
 */
export function createTeamsChannel(config: TeamsChannelConfig, services: { deps: CoreDeps; translator: Translator; logger: TeamsLog }): TeamsChannel {
  const { logger } = services;
  const configured = Boolean(config.appId);
  if (!teamsIsOpen(config)) return closedTeamsChannel();
  if (!configured) logger.warn({}, "teams: TEAMS_DEV_UNAUTHENTICATED=true, /api/messages accepts activities without a token; never in production");
  const adapter = createTeamsAdapter(config, logger);
  const bot = createTeamsBot(services);
  const route: TeamsRoute = {
    method: "POST",
    url: MESSAGES_URL,
    async onRequest(request, reply) {
      // The token itself is checked by the adapter; a request without any is refused before the body is read.
      if (configured && !/^Bearer\s+\S+/i.test(request.headers.authorization ?? "")) {
        await reply.code(401).send({ error: "unauthorized" });
        return reply;
      }
      return undefined;
    },
    async handler(request, reply) {
      if (!isActivityLike(request.body)) return reply.code(400).send({ error: "malformed request" });
      const response = responseShim(request, reply);
      const botRequest: BotRequest = { body: request.body as Record<string, unknown>, headers: request.headers, method: "POST" };
      try {
        await adapter.process(botRequest, response, (turn) => bot.onTurn(turn));
      } catch (error) {
        // botbuilder throws (instead of answering) for bodies it cannot read as an activity.
        logger.warn(teamsErrorFields(error), "teams: activity refused");
        return reply.code(400).send({ error: "malformed request" });
      }
      return response.flush();
    },
  };
  return { route, sender: createTeamsSender({ adapter, appId: config.appId ?? "" }), bot };
}
