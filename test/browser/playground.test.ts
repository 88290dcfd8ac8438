import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { createPlaygroundApp, type PlaygroundApp } from "../../src/playground/playground-app.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

/**
 * Issue 8 in a real browser: Debian's Chromium (headless, through playwright-core) clicks through the playground
 * page of the real app (real bot code, real SQLite store, the playground's fake Telegram): demo data → /newclient (name,
 * language, gender, household, own phone, start date skipped) →
 * the client joins through the invite in Arabic and consents → /appointment → clock forward → the Arabic reminder →
 * the client confirms → the manager is told. Screenshots of both phones go to test-artifacts/.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(process.cwd(), "test-artifacts");
const DATA_KEY = Buffer.from("lotse-browser-test-key-0123456789").subarray(0, 32).toString("base64");
/** Monday, 1 March 2027, 09:00 in Berlin. */
const START = new Date("2027-03-01T08:00:00Z");
const CLIENT = "Nour Haddad";
const PLACE = "Rathaus, Zimmer 12";
const arabic = /[\u0600-\u06FF]/;
/** The start of client.appointment.reminder in Arabic ("Reminder: appointment with"). */
const arabicReminder = /تذكير: موعد/;

/** A browser global read inside `evaluate` (the test project compiles without the DOM types). */
declare const getComputedStyle: (node: unknown) => { direction: string };

const translator = createTranslator({ localesDir });
const text = (key: string, language: string, params?: Record<string, string>) => translator.renderText(key, params, language);

let db: TestDatabase;
let app: PlaygroundApp;
let browser: Browser;
let page: Page;

const phone = (name: "manager" | "client"): Locator => page.locator(`#phone-${name}`);
const botMessages = (name: "manager" | "client"): Locator => phone(name).locator(".message.from-bot");

/** Waits until the phone shows a bot message with this text, and returns it. */
async function botSays(name: "manager" | "client", content: string | RegExp): Promise<Locator> {
  const message = botMessages(name).filter({ hasText: content }).last();
  await message.waitFor({ state: "visible" });
  return message;
}

async function typeIn(name: "manager" | "client", message: string): Promise<void> {
  const input = phone(name).locator(".composer input");
  await input.fill(message);
  await input.press("Enter");
  await phone(name).locator(".message.from-user").filter({ hasText: message }).last().waitFor({ state: "visible" });
}

/** Taps a button of the newest bot message that has one with this label. */
async function tap(name: "manager" | "client", label: string | RegExp): Promise<void> {
  await botMessages(name)
    .getByRole("button", { name: label, exact: typeof label === "string" })
    .last()
    .click();
}

async function screenshots(step: string): Promise<void> {
  await phone("manager").screenshot({ path: join(ARTIFACTS, `playground-${step}-manager.png`) });
  await phone("client").screenshot({ path: join(ARTIFACTS, `playground-${step}-client.png`) });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  db = await sqlite.create();
  const config = readConfig({ NODE_ENV: "test", DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY, LOTSE_TIMEZONE: "Europe/Berlin" });
  if (!config.ok) throw new Error(config.problems.join("; "));
  app = await createPlaygroundApp(config.config, { logger: createLogger("silent"), translator, startAt: START });
  const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1000, height: 1000 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  page.setDefaultTimeout(30_000);
  await page.goto(`${address}/`);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

describe("the playground in a browser", () => {
  it("serves the page with both phones, the clock at its start, and the client languages", async () => {
    await expect(page.title()).resolves.toBe("Lotse playground");
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 09:00" }).waitFor();
    expect(await page.locator("#language option").count()).toBe(13);
  });

  it("demo data links the manager's phone and puts an invite on the client's phone", async () => {
    await page.getByRole("button", { name: "Demo data" }).click();
    await botSays("manager", text("manager.welcome", "de", { name: "Eva Muster" }));
    await phone("client").locator(".invite").waitFor({ state: "visible" });
  });

  it("the manager creates a client with /newclient and gets the invite link and its QR code", async () => {
    await typeIn("manager", "/newclient");
    await botSays("manager", text("manager.newclient.name", "de"));
    await typeIn("manager", CLIENT);
    await botSays("manager", text("manager.newclient.language", "de"));
    await tap("manager", "العربية");
    await botSays("manager", text("manager.newclient.gender", "de"));
    await tap("manager", text("manager.newclient.gender_female", "de"));
    // The demo client is in the caseload: a new household or her family (the tenant has no municipalities to ask).
    await botSays("manager", text("manager.newclient.household", "de"));
    await tap("manager", text("manager.newclient.household_new", "de"));
    await botSays("manager", text("manager.newclient.own_phone", "de"));
    await tap("manager", text("dialog.button.yes", "de"));
    await botSays("manager", text("manager.newclient.started_on", "de"));
    await tap("manager", text("dialog.button.skip", "de"));
    const withLink = await botSays("manager", /start=/);
    expect(await withLink.innerText()).toContain(CLIENT);
    await phone("manager").locator("img.photo").last().waitFor({ state: "visible" });
    expect(
      await phone("manager")
        .locator("img.photo")
        .last()
        .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(100);
  });

  it("the client's phone, set to Arabic, joins through the invite link and consents", async () => {
    await page.locator("#language").selectOption("ar");
    await phone("client").locator(".who").filter({ hasText: "· ar" }).waitFor();
    await phone("manager").locator('a[href*="?start="]').last().click();
    await botSays("client", text("client.onboarding.language", "ar").split("\n")[0] ?? "");
    // Telegram's language (ar) comes first in the picker.
    const firstChoice = botMessages("client").last().locator(".inline-button").first();
    expect(await firstChoice.innerText()).toContain("العربية");
    await firstChoice.click();
    await tap("client", text("actions.consent.accept", "ar"));
    // Plan check-ins are asked apart, in the same message.
    await botSays("client", text("consent.plan_checkins.v1", "ar").split("\n")[0] ?? "");
    await tap("client", text("actions.consent.accept", "ar"));
    const welcome = await botSays("client", text("client.welcome", "ar").split("\n")[0] ?? "");
    expect(await welcome.innerText()).toMatch(arabic);
    expect(await phone("client").locator(".invite").isHidden()).toBe(true);
  });

  it("the manager books an appointment; the client gets the notice in Arabic", async () => {
    await typeIn("manager", "/appointment");
    await botSays("manager", text("manager.appointment.client", "de"));
    await tap("manager", CLIENT);
    await botSays("manager", text("manager.appointment.starts_at", "de"));
    await typeIn("manager", "02.03.2027 15:00");
    await botSays("manager", text("manager.appointment.place", "de"));
    await typeIn("manager", PLACE);
    await botSays("manager", text("manager.appointment.kind", "de"));
    await botMessages("manager").last().locator(".inline-button").first().click();
    await botSays("manager", text("manager.appointment.confirm", "de"));
    await tap("manager", text("dialog.button.yes", "de"));
    await botSays("manager", /Termin angelegt/);
    const notice = await botSays("client", PLACE);
    expect(await notice.innerText()).toMatch(arabic);
  });

  it("moving the clock brings the Arabic reminder, shown right to left", async () => {
    await page.getByRole("button", { name: "+1 hour" }).click();
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 10:0" }).waitFor();
    expect(await botMessages("client").filter({ hasText: arabicReminder }).count()).toBe(0);
    await page.getByRole("button", { name: "To next reminder" }).click();
    // The 24-hour reminder: 1 March 15:00.
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 15:0" }).waitFor();
    const reminder = await botSays("client", arabicReminder);
    expect(await reminder.innerText()).toContain(PLACE);
    expect(await reminder.locator(".text").evaluate((node) => getComputedStyle(node).direction)).toBe("rtl");
    await screenshots("reminder");
  });

  it("the client taps confirm under the reminder; the manager's phone shows the confirmation", async () => {
    await botMessages("client")
      .filter({ hasText: arabicReminder })
      .last()
      .getByRole("button", { name: text("actions.appointment.confirm", "ar") })
      .click();
    await botSays("client", text("client.appointment.answer.confirm", "ar"));
    const told = await botSays("manager", /bestätigt/);
    expect(await told.innerText()).toContain(CLIENT);
    expect(await told.innerText()).toContain(PLACE);
    await screenshots("confirmed");
    await page.screenshot({ path: join(ARTIFACTS, "playground.png"), fullPage: true });
  });

  it("the client's /mydata export arrives as a JSON document to download", async () => {
    await typeIn("client", "/mydata");
    const link = phone("client").locator("a.document").last();
    await link.waitFor({ state: "visible" });
    expect(await link.innerText()).toContain("lotse-data.json");
    expect(await link.getAttribute("download")).toBe("lotse-data.json");
    const response = await page.request.get(new URL((await link.getAttribute("href")) ?? "", page.url()).toString());
    expect(response.headers()["content-type"]).toBe("application/json");
    expect(JSON.stringify(await response.json())).toContain(CLIENT);
  });

  it("refuses bad requests to the page's API with a clear answer and changes nothing", async () => {
    const api = (path: string) => new URL(`/playground/api/${path}`, page.url()).toString();
    const before = (await (await page.request.get(api("state"))).json()) as { version: number; clock: { now: string } };
    const refused = [
      await page.request.post(api("send"), { data: { phone: "nobody", text: "hallo" } }),
      await page.request.post(api("send"), { data: { phone: "client", text: "   " } }),
      await page.request.post(api("clock"), { data: { step: "week" } }),
      await page.request.post(api("language"), { data: { language: "xx" } }),
      await page.request.post(api("tap"), { data: { phone: "client", messageId: 9999, data: "v1|cns|a" } }),
    ];
    expect(refused.map((response) => response.status())).toEqual([400, 400, 400, 400, 404]);
    expect(((await refused[0]?.json()) as { error: string }).error).toMatch(/^phone: /);
    const after = (await (await page.request.get(api("state"))).json()) as { version: number; clock: { now: string } };
    expect(after.version).toBe(before.version);
    expect(new Date(after.clock.now).getTime() - new Date(before.clock.now).getTime()).toBeLessThan(60_000);
  });
});
