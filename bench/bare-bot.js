// The anchor of P1 measured from outside (bench/webhook-outside.ts): a bare grammY bot in a process of its own,
// started with the node flags of `npm start` like the server it is compared with. It echoes every text and answers
// every button with the callback answer and a message, as the in-process anchor does (startBareBot, bench/webhook.ts).
// Plain JavaScript so that `node <flags> bench/bare-bot.js` runs it without tsx (which would cost it start-up and
// memory the built server does not pay).
//
// Environment: TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET, BOT_ID, BOT_USERNAME, HOST, PORT.
import { createServer } from "node:http";
import { Bot, webhookCallback } from "grammy";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`bare-bot: ${name} is not set`);
  return value;
}

const bot = new Bot(required("TELEGRAM_BOT_TOKEN"), {
  client: { apiRoot: required("TELEGRAM_API_ROOT") },
  // Given, so the bot makes no getMe call before its first update (the server is told its own at start-up too).
  botInfo: {
    id: Number(required("BOT_ID")),
    is_bot: true,
    first_name: "Echo",
    username: required("BOT_USERNAME"),
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  },
});
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.callbackQuery.data);
});

const onUpdate = webhookCallback(bot, "http", { secretToken: required("TELEGRAM_WEBHOOK_SECRET") });
const server = createServer((request, response) => {
  // The readiness check the benchmark waits on for the server too (bench/server-process.ts).
  if (request.method === "GET" && request.url === "/healthz") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("ok");
    return;
  }
  // A failed reply is a failed update: a 500 the benchmark counts, not a crash of the anchor.
  onUpdate(request, response).catch(() => {
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.listen(Number(required("PORT")), process.env.HOST ?? "127.0.0.1");

// SIGTERM (how the benchmark stops it): close the listener and let node exit once the last socket is gone.
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
});
