import { describe, expect, it } from "vitest";
import { boundedCalls } from "../../../src/bots/telegram/bounded-calls.ts";

/** A Bot API call that never answers: given up after the bound, except long polling's getUpdates. */

type Prev = Parameters<ReturnType<typeof boundedCalls>>[0];

/** A call that answers only when its signal aborts (then it fails as grammY's fetch does). */
const hangingCall: Prev = ((_method: string, _payload: unknown, signal?: { addEventListener(type: "abort", listener: () => void): void }) =>
  new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as unknown as Prev;

describe("boundedCalls", () => {
  it("aborts a hanging sendMessage after the bound", async () => {
    const bounded = boundedCalls(5);
    await expect(bounded(hangingCall, "sendMessage", { chat_id: 1, text: "x" })).rejects.toThrow("aborted");
  });

  it("leaves getUpdates alone (it waits on purpose) and passes answers through", async () => {
    const bounded = boundedCalls(5);
    let signalGiven: unknown = "unset";
    const answering = ((_m: string, _p: unknown, signal?: unknown) => {
      signalGiven = signal;
      return Promise.resolve({ ok: true, result: [] });
    }) as unknown as Prev;
    await expect(bounded(answering, "getUpdates", { timeout: 30 })).resolves.toEqual({ ok: true, result: [] });
    expect(signalGiven).toBeUndefined();
    await expect(bounded(answering, "getMe", {})).resolves.toEqual({ ok: true, result: [] });
    expect(signalGiven).toBeInstanceOf(AbortSignal);
  });
});
