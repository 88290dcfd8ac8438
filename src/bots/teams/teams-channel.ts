import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from "botbuilder";
import type { CoreDeps } from "../../core/deps.ts";
import type { Translator } from "../../i18n/index.ts";
import { createTeamsBot, FILE_CONSENT_KEYS, teamsErrorFields, type TeamsLog } from "./teams-bot.ts";
import { createPendingFiles } from "./file-consent.ts";
import type { FileFetcher } from "../../delivery/ports.ts";
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

/** CloudAdapter with its activity processing open: authentication, the turn and the invoke response, nothing printed. */
class TeamsAdapter extends CloudAdapter {
  handleActivity(authorization: string, activity: Activity, logic: (turn: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** botframework-connector's AuthenticationError (a missing, forged or expired token), known by its status. */
function isAuthenticationError(error: unknown): boolean {
  const { statusCode, name } = (error ?? {}) as { statusCode?: unknown; name?: unknown };
  return statusCode === 401 || name === "AuthenticationError";
}

/**
 * The adapter for incoming turns and proactive sends. A failed turn is logged, never answered with a stack trace.
 * onTurnError also catches errors inside continueConversationAsync: the sender captures its own send's outcome
 * itself, so a failed proactive message is never mistaken for a sent one.
 */
export function createTeamsAdapter(config: TeamsChannelConfig, logger: Pick<TeamsLog, "error">): TeamsAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    ...(config.appId ? { MicrosoftAppId: config.appId, MicrosoftAppType: config.appType } : {}),
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  });
  const adapter = new TeamsAdapter(auth);
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
export function createTeamsChannel(
  config: TeamsChannelConfig,
  services: { deps: CoreDeps; translator: Translator; logger: TeamsLog; fetchFile?: FileFetcher | undefined },
): TeamsChannel {
  const { logger } = services;
  const configured = Boolean(config.appId);
  if (!teamsIsOpen(config)) return closedTeamsChannel();
  if (!configured) logger.warn({}, "teams: TEAMS_DEV_UNAUTHENTICATED=true, /api/messages accepts activities without a token; never in production");
  const adapter = createTeamsAdapter(config, logger);
  // One store of files waiting for "Allow", shared by replies and planned messages (the invoke reaches the bot).
  const pendingFiles = createPendingFiles(services.deps.clock, () => services.deps.ids.newId());
  const bot = createTeamsBot({ ...services, pendingFiles });
  const files = {
    pending: pendingFiles,
    description: (language: string) => services.translator.renderText(FILE_CONSENT_KEYS.description, undefined, language),
  };
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
      // processActivity rather than process(): process() prints refused requests' stack traces with console.error,
      // around the JSON log; here a refusal is one log line.
      try {
        const invoke = await adapter.handleActivity(request.headers.authorization ?? "", request.body as Activity, (turn) => bot.onTurn(turn));
        if (!invoke) return reply.code(200).send();
        return invoke.body === undefined ? reply.code(invoke.status).send() : reply.code(invoke.status).send(invoke.body);
      } catch (error) {
        const unauthorized = isAuthenticationError(error);
        logger.warn({ errorName: error instanceof Error ? error.name : typeof error, unauthorized }, "teams: activity refused");
        return unauthorized ? reply.code(401).send({ error: "unauthorized" }) : reply.code(400).send({ error: "malformed request" });
      }
    },
  };
  return { route, sender: createTeamsSender({ adapter, appId: config.appId ?? "", fetchFile: services.fetchFile, logger, files }), bot };
}
