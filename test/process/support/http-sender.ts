import type { ChannelSender } from "../../../src/delivery/ports.ts";
import { SendError } from "../../../src/delivery/ports.ts";

/**
 * A channel sender for a tiny fake Bot API on 127.0.0.1: POST {chat, text} to `<apiRoot>/send`. It answers like
 * Telegram: 200 {ok, result: {message_id}}, 429 {parameters: {retry_after}}, 403 when blocked, 5xx otherwise.
 */
export function httpSender(apiRoot: string, worker: string): ChannelSender {
  return {
    channel: "telegram",
    async send(recipient, message) {
      let response: Response;
      try {
        response = await fetch(`${apiRoot}/send`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-worker": worker },
          body: JSON.stringify({ chat: recipient.identity.externalId, text: message.text }),
        });
      } catch (error) {
        throw new SendError("transient", (error as Error).message);
      }
      const body = (await response.json().catch(() => ({}))) as { result?: { message_id?: number }; parameters?: { retry_after?: number } };
      if (response.status === 200) return { providerMessageId: String(body.result?.message_id ?? "") };
      if (response.status === 429) throw SendError.rateLimited((body.parameters?.retry_after ?? 1) * 1000);
      if (response.status === 403) throw new SendError("blocked", "403 Forbidden");
      if (response.status >= 500) throw new SendError("transient", `HTTP ${response.status}`);
      throw new SendError("permanent", `HTTP ${response.status}`);
    },
  };
}
