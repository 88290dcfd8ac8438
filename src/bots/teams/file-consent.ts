import type { Attachment } from "botbuilder";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { Clock } from "../../core/ports/clock.ts";

/**
 * Files in a Teams personal chat (the Teams file-consent flow): Teams refuses a bot's file sent inline, so Lotse
 * sends a FileConsentCard (name, description, size); the person's "Allow" comes back as a `fileConsent/invoke` with
 * an upload URL in their OneDrive, where Lotse PUTs the bytes and then shows a file info card. "Decline" sends
 * nothing. Until the answer the bytes wait here, in this process only: at most `PENDING_LIMIT` files and
 * `PENDING_BYTES` together, each for `PENDING_TTL_MS` (lru-cache evicts the oldest first); taken once, so a second
 * "Allow" never uploads twice. The bytes are what the core already rendered for the person; no core state here.
 */

export const FILE_CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info";
export const FILE_CONSENT_INVOKE = "fileConsent/invoke";

const PENDING_LIMIT = 200;
const PENDING_BYTES = 64 * 1024 * 1024;
export const PENDING_TTL_MS = 30 * 60 * 1000;
/** A planned message's file (an appointment notice's calendar file, a few hundred bytes) is often opened hours later. */
export const PENDING_NOTICE_TTL_MS = 24 * 60 * 60 * 1000;
/** An upload that takes longer is given up (Teams waits about 15 s for the invoke's answer). */
const UPLOAD_TIMEOUT_MS = 10_000;

/** A file waiting for the person's answer; only the person it was offered to can take it. */
export interface PendingFile {
  name: string;
  bytes: Buffer;
  /** The Teams user (from.id) the card went to. */
  userId: string;
}

export interface PendingFiles {
  /** Keeps the file for the person and returns the id the card carries in its accept and decline context. */
  hold(file: PendingFile, ttlMs?: number): string;
  /** The file once: removed when taken. Unknown, expired, already taken or someone else's: null. */
  take(id: string, userId: string): PendingFile | null;
}

export function createPendingFiles(clock: Clock, newId: () => string): PendingFiles {
  const cache = new LRUCache<string, PendingFile>({
    max: PENDING_LIMIT,
    maxSize: PENDING_BYTES,
    sizeCalculation: (file) => Math.max(1, file.bytes.length),
    ttl: PENDING_TTL_MS,
    // The application clock, so expiry follows the same (injectable) time as everything else.
    perf: { now: () => clock.now().getTime() },
  });
  return {
    hold(file, ttlMs = PENDING_TTL_MS) {
      const id = newId();
      cache.set(id, file, { ttl: ttlMs });
      return id;
    },
    take(id, userId) {
      const file = cache.get(id);
      if (!file || file.userId !== userId) return null;
      cache.delete(id);
      return file;
    },
  };
}

/** The key under which the consent card's accept and decline context name the pending file. */
const PENDING_KEY = "lotseFile";

/** The card asking to save a file in the person's OneDrive; Teams draws it with "Allow" and "Decline". */
export function fileConsentCard(name: string, description: string, sizeInBytes: number, pendingId: string): Attachment {
  const context = { [PENDING_KEY]: pendingId };
  return { contentType: FILE_CONSENT_CARD, name, content: { description, sizeInBytes, acceptContext: context, declineContext: context } };
}

/** After the upload: the card that opens the file where it now is. */
export function fileInfoCard(upload: UploadInfo): Attachment {
  return { contentType: FILE_INFO_CARD, contentUrl: upload.contentUrl, name: upload.name, content: { uniqueId: upload.uniqueId, fileType: upload.fileType } };
}

const uploadInfoSchema = z.object({
  name: z.string().min(1).max(512),
  uploadUrl: z.url({ protocol: /^https?$/ }),
  contentUrl: z.url({ protocol: /^https?$/ }),
  uniqueId: z.string().min(1).max(512),
  fileType: z.string().max(64).default(""),
});
export type UploadInfo = z.output<typeof uploadInfoSchema>;

const consentSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), context: z.object({ [PENDING_KEY]: z.string().min(1).max(64) }), uploadInfo: uploadInfoSchema }),
  z.object({ action: z.literal("decline"), context: z.object({ [PENDING_KEY]: z.string().min(1).max(64) }) }),
]);

export type FileConsentAnswer = { action: "accept"; pendingId: string; upload: UploadInfo } | { action: "decline"; pendingId: string };

/** The invoke's value (FileConsentCardResponse); anything else (a card of another app, a changed shape): null. */
export function readFileConsent(value: unknown): FileConsentAnswer | null {
  const parsed = consentSchema.safeParse(value);
  if (!parsed.success) return null;
  const pendingId = parsed.data.context[PENDING_KEY] ?? "";
  return parsed.data.action === "accept" ? { action: "accept", pendingId, upload: parsed.data.uploadInfo } : { action: "decline", pendingId };
}

export class UploadError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? "teams: file upload failed" : `teams: file upload answered ${status}`);
    this.name = "UploadError";
  }
}

/** The whole file in one PUT with its Content-Range (the upload session Teams opened in the person's OneDrive). */
export async function uploadFile(uploadUrl: string, bytes: Buffer): Promise<void> {
  const last = Math.max(0, bytes.length - 1);
  let response: Response;
  try {
    response = await fetch(uploadUrl, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", "content-range": `bytes 0-${last}/${bytes.length}` },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch {
    throw new UploadError(null);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new UploadError(response.status);
}
