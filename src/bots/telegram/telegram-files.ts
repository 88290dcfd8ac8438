import { Api } from "grammy";
import type { FetchedFile, FileFetcher, RelayedFile } from "../../delivery/ports.ts";
import { SendError } from "../../delivery/ports.ts";
import { boundedCalls, SEND_CALL_TIMEOUT_MS } from "./bounded-calls.ts";
import { toSendError } from "./errors.ts";

/** The most a relayed file may weigh (the Bot API's own getFile limit is 20 MB). */
export const maxRelayedFileBytes = 20 * 1024 * 1024;

const defaultName: Record<RelayedFile["kind"], string> = { photo: "foto.jpg", voice: "sprachnachricht.ogg", audio: "audio.mp3", document: "dokument" };
const defaultMime: Record<RelayedFile["kind"], string> = { photo: "image/jpeg", voice: "audio/ogg", audio: "audio/mpeg", document: "application/octet-stream" };

/**
 * A client's Telegram file for a manager on another channel (Teams): its path from getFile, then its bytes from the
 * Bot API's file URL, in memory only for this send. The token in the URL never reaches a log (errors name the step).
 */
export function telegramFileFetcher(options: { token: string; apiRoot?: string; api?: Api; fetch?: typeof fetch }): FileFetcher {
  const root = (options.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  const api = options.api ?? new Api(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
  if (!options.api) api.config.use(boundedCalls(SEND_CALL_TIMEOUT_MS));
  const download = options.fetch ?? fetch;
  return async (file: RelayedFile): Promise<FetchedFile> => {
    if (file.channel !== "telegram") throw new SendError("permanent", "relayed file: not a Telegram file");
    let path: string | undefined;
    try {
      path = (await api.getFile(file.ref)).file_path;
    } catch (error) {
      throw toSendError(error);
    }
    if (!path) throw new SendError("permanent", "telegram getFile: no file path (file too big or gone)");
    let response: Response;
    try {
      response = await download(`${root}/file/bot${options.token}/${path}`, { signal: AbortSignal.timeout(SEND_CALL_TIMEOUT_MS) });
    } catch {
      throw new SendError("transient", "telegram file download: network error");
    }
    if (!response.ok) throw new SendError(response.status >= 500 ? "transient" : "permanent", `telegram file download: ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxRelayedFileBytes) throw new SendError("permanent", "telegram file download: too big");
    return { bytes, mimeType: file.mimeType ?? defaultMime[file.kind], name: file.name ?? defaultName[file.kind] };
  };
}
