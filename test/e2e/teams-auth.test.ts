import { afterEach, describe, expect, it, vi } from "vitest";
import { readableText } from "../support/teams-text.ts";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeConnector } from "../support/fake-connector.ts";

/** Who may post to /api/messages: with credentials only Bot Framework-signed requests; without, nobody (unless dev). */

const DATA_KEY = Buffer.from("lotse-e2e-teams-auth-0123456789a").toString("base64");
const translator = createTranslator({ localesDir });

interface Running {
  app: App;
  address: string;
  connector: FakeConnector;
  db: TestDatabase;
}
let running: Running | null = null;

async function start(env: Record<string, string>): Promise<Running> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  const db = await sqlite.create();
  const connector = new FakeConnector();
  await connector.start();
  const config = readConfig({ NODE_ENV: "test", DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY, ...env });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const app = await createApp(config.config, { logger: createLogger("silent"), translator });
  const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  running = { app, address, connector, db };
  return running;
}

afterEach(async () => {
  if (!running) return;
  await running.app.close();
  await running.connector.stop();
  await running.db.drop();
  running = null;
});

const activity = (connector: FakeConnector) => ({
  type: "message",
  id: "act-1",
  channelId: "msteams",
  serviceUrl: `${connector.url}/`,
  from: { id: "29:someone" },
  recipient: { id: "28:bot" },
  conversation: { id: "a:conv", conversationType: "personal" },
  text: "help",
});

async function postActivity(address: string, body: unknown, authorization?: string): Promise<Response> {
  return fetch(`${address}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
}

describe("POST /api/messages authentication", () => {
  it("with credentials: no token or a forged one is a 401 and nothing is answered", async () => {
    const { address, connector } = await start({
      MICROSOFT_APP_ID: "0b7a5c1e-1111-4222-8333-944445555666",
      MICROSOFT_APP_PASSWORD: "not-a-real-secret",
      MICROSOFT_APP_TENANT_ID: "7d2c0a9e-aaaa-4bbb-8ccc-ddddeeeeffff",
    });
    expect((await postActivity(address, activity(connector))).status).toBe(401);
    expect((await postActivity(address, activity(connector), "Basic abc")).status).toBe(401);
    expect((await postActivity(address, activity(connector), "Bearer not.a.token")).status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it("without credentials everything is refused", async () => {
    const { address, connector } = await start({});
    expect((await postActivity(address, activity(connector))).status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it("without credentials but TEAMS_DEV_UNAUTHENTICATED=true, activities are answered (local testing)", async () => {
    const { address, connector } = await start({ TEAMS_DEV_UNAUTHENTICATED: "true" });
    expect((await postActivity(address, activity(connector))).status).toBe(200);
    expect(connector.calls).toHaveLength(1);
    expect(readableText(connector.calls[0]?.body)).toBe(translator.renderText("client.stranger.intro", undefined, "de"));
  });

  it("a forged request is refused with one log line, no stack trace printed around the JSON log", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { address, connector } = await start({
        MICROSOFT_APP_ID: "0b7a5c1e-1111-4222-8333-944445555666",
        MICROSOFT_APP_PASSWORD: "not-a-real-secret",
        MICROSOFT_APP_TENANT_ID: "7d2c0a9e-aaaa-4bbb-8ccc-ddddeeeeffff",
      });
      expect((await postActivity(address, activity(connector), "Bearer not.a.token")).status).toBe(401);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it("an Action.Execute invoke (adaptiveCard/action) is answered 200 with an invoke response, not 501", async () => {
    const { address, connector } = await start({ TEAMS_DEV_UNAUTHENTICATED: "true" });
    const invoke = {
      ...activity(connector),
      type: "invoke",
      name: "adaptiveCard/action",
      text: undefined,
      value: { action: { type: "Action.Execute", data: { lotseAction: "v1|nonsense" } } },
    };
    const response = await postActivity(address, invoke);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ statusCode: 200 });
    // Read like an Action.Submit button: a stranger's tap is answered with what Lotse is.
    expect(readableText(connector.calls[0]?.body)).toBe(translator.renderText("client.stranger.intro", undefined, "de"));
  });
});
