import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page, type Response } from "playwright-core";
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
 * the client confirms → the manager is told → the supervisor's /report and /periods; then fresh demo data with a
 * client in Tigrinya. The page runs with a German browser language (German labels); the Arabic and Tigrinya texts
 * must be drawn by the page's own web font, without a single box glyph. Screenshots go to a temporary directory
 * (LOTSE_SCREENSHOTS to choose another).
 */

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = process.env.LOTSE_SCREENSHOTS ?? join(tmpdir(), "lotse-playground-screenshots");
const DATA_KEY = Buffer.from("lotse-browser-test-key-0123456789").subarray(0, 32).toString("base64");
/** Monday, 1 March 2027, 09:00 in Berlin. */
const START = new Date("2027-03-01T08:00:00Z");
const CLIENT = "Nour Haddad";
const PLACE = "Rathaus, Zimmer 12";
const arabic = /[\u0600-\u06FF]/;
const ethiopic = /[\u1200-\u137F]/;
/** The start of client.appointment.reminder in Arabic ("Reminder: appointment with"). */
const arabicReminder = /تذكير: موعد/;

/** Browser globals read inside `evaluate` (the test project compiles without the DOM types). */
declare const getComputedStyle: (node: unknown) => { direction: string };
declare const document: {
  fonts: { ready: Promise<unknown> } & Iterable<{ family: string; status: string; unicodeRange: string }>;
  createElement(tag: "canvas"): {
    width: number;
    height: number;
    getContext(kind: "2d"): {
      font: string;
      textBaseline: string;
      fillText(text: string, x: number, y: number): void;
      clearRect(x: number, y: number, width: number, height: number): void;
      getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
    };
  };
  createElement(tag: "span"): { id: string; textContent: string; style: Record<string, string>; remove(): void };
};

const translator = createTranslator({ localesDir });
const text = (key: string, language: string, params?: Record<string, string>) => translator.renderText(key, params, language);

let db: TestDatabase;
let app: PlaygroundApp;
let browser: Browser;
let page: Page;
let address: string;
/** What the page itself loaded and got refused, and what it logged as an error (a missing favicon would show here). */
const refusedLoads: string[] = [];
const consoleErrors: string[] = [];

type PhoneName = "manager" | "client" | "supervisor";
const phone = (name: PhoneName): Locator => page.locator(`#phone-${name}`);
const botMessages = (name: PhoneName): Locator => phone(name).locator(".message.from-bot");

/** Waits until the phone shows a bot message with this text, and returns it. */
async function botSays(name: PhoneName, content: string | RegExp): Promise<Locator> {
  const message = botMessages(name).filter({ hasText: content }).last();
  await message.waitFor({ state: "visible" });
  return message;
}

async function typeIn(name: PhoneName, message: string): Promise<void> {
  const input = phone(name).locator(".composer input");
  await input.fill(message);
  await input.press("Enter");
  await phone(name).locator(".message.from-user").filter({ hasText: message }).last().waitFor({ state: "visible" });
}

/** Taps a button of the newest bot message that has one with this label. */
async function tap(name: PhoneName, label: string | RegExp): Promise<void> {
  await botMessages(name)
    .getByRole("button", { name: label, exact: typeof label === "string" })
    .last()
    .click();
}

async function screenshots(step: string): Promise<void> {
  await phone("manager").screenshot({ path: join(ARTIFACTS, `playground-${step}-manager.png`) });
  await phone("client").screenshot({ path: join(ARTIFACTS, `playground-${step}-client.png`) });
}

interface ScriptRendering {
  /** Characters of the script drawn exactly like a character no font has (the box, "tofu"). */
  boxes: string[];
  /** The fonts Chromium drew the script's characters with (DevTools protocol). */
  fonts: { familyName: string; isCustomFont: boolean; glyphCount: number }[];
  /** The page's web font faces for this script, and whether the browser loaded them. */
  faces: { family: string; status: string }[];
}

/**
 * How the phone draws the characters of `script` in `text`: each distinct character is drawn on a canvas in the
 * phone's font and compared with a character no font has (U+10FFFD: the box), and a probe with these characters
 * asks Chromium which fonts it drew them with. With the web font missing, the fonts would be system fonts (or the
 * characters boxes on a computer without them).
 */
async function scriptRendering(name: PhoneName, text: string, script: RegExp, firstCodePoint: number): Promise<ScriptRendering> {
  const characters = [...new Set([...text].filter((character) => script.test(character)))];
  expect(characters.length).toBeGreaterThan(5);
  const screen = phone(name).locator(".screen");
  await page.evaluate(() => document.fonts.ready);
  const boxes = await screen.evaluate((node, sample) => {
    const font = (getComputedStyle(node) as unknown as { font: string }).font.replace(/\d+(\.\d+)?px/, "32px");
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext("2d");
    context.font = font;
    context.textBaseline = "middle";
    const pixels = (character: string) => {
      context.clearRect(0, 0, 64, 64);
      context.fillText(character, 8, 32);
      return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
    };
    const box = pixels("\u{10FFFD}");
    return sample.filter((character) => pixels(character) === box);
  }, characters);
  await screen.evaluate((node, sample) => {
    const probe = document.createElement("span");
    probe.id = "glyph-probe";
    probe.textContent = sample;
    Object.assign(probe.style, { position: "absolute", top: "0", whiteSpace: "pre", visibility: "hidden" });
    (node as { append(child: unknown): void }).append(probe);
  }, characters.join(""));
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#glyph-probe" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    const faces = await page.evaluate(
      (codePoint) =>
        [...document.fonts]
          .filter((face) =>
            face.unicodeRange.split(",").some((range) => {
              const [from, to] = range.trim().replace("U+", "").split("-");
              return codePoint >= Number.parseInt(from ?? "", 16) && codePoint <= Number.parseInt(to ?? from ?? "", 16);
            }),
          )
          .map((face) => ({ family: face.family, status: face.status })),
      firstCodePoint,
    );
    return { boxes, fonts, faces };
  } finally {
    await page.locator("#glyph-probe").evaluate((probe) => (probe as { remove(): void }).remove());
    await cdp.detach();
  }
}

/** No box glyph, and every character of the script drawn by the page's web font (loaded from Lotse). */
async function expectDrawnByWebFont(name: PhoneName, message: Locator, script: RegExp, firstCodePoint: number, family: string): Promise<void> {
  const rendering = await scriptRendering(name, await message.innerText(), script, firstCodePoint);
  expect(rendering.boxes).toEqual([]);
  expect(rendering.faces).toEqual([{ family: "Lotse Sans", status: "loaded" }]);
  expect(rendering.fonts.map((font) => ({ familyName: font.familyName, isCustomFont: font.isCustomFont }))).toEqual([
    { familyName: family, isCustomFont: true },
  ]);
}

/**
 * The supervisor's periods that need attention (the demo's earlier cases), then the quarter report (summary per
 * manager, chart, CSV), its summary scrolled into view for the screenshot.
 */
async function supervisorPeriodsAndReport(openCases: number): Promise<void> {
  await typeIn("supervisor", "/periods");
  await botSays("supervisor", /Yonas Tesfay: in Beratung seit .*endet bald/);
  const extended = await botSays("supervisor", /Dariush Karimi: in Beratung seit .*verlängert bis/);
  expect(await extended.innerText()).toContain("Sprachkurs B1");
  await botSays("supervisor", /^Alle Fälle: /);
  await typeIn("supervisor", "/report");
  const report = await botSays("supervisor", /Bericht 1\. Quartal 2027/);
  expect(await report.innerText()).toContain(`1. Eva Muster: offene Fälle ${openCases},`);
  await botSays("supervisor", text("manager_reports.csv_caption", "de"));
  await phone("supervisor").locator("a.document").filter({ hasText: "lotse-fallzahlen-2027-Q1.csv" }).waitFor({ state: "visible" });
  await phone("supervisor").locator("a.document").filter({ hasText: "lotse-fallzahlen-2027-Q1.xlsx" }).waitFor({ state: "visible" });
  const chart = phone("supervisor").locator("img.photo").last();
  await chart.waitFor({ state: "visible" });
  expect(await chart.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
  await report.evaluate((node) => (node as { scrollIntoView(options: unknown): void }).scrollIntoView({ block: "start" }));
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
  address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  // Wide enough for the three phones side by side.
  page = await browser.newPage({ viewport: { width: 1240, height: 1000 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  page.setDefaultTimeout(30_000);
  page.on("response", (response: Response) => {
    if (response.status() >= 400) refusedLoads.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.goto(`${address}/`);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

describe("the playground in a browser", () => {
  it("serves the page with three phones, German labels for a German browser, the clock at its start, and the client languages", async () => {
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 09:00" }).waitFor();
    await expect(page.title()).resolves.toBe("Lotse-Playground");
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.locator(".phone .caption > span:first-child").allInnerTexts()).toEqual(["Integrationsmanagement", "Klient·in", "Fachaufsicht"]);
    for (const label of ["Demodaten", "+1 Stunde", "+1 Tag", "Zur nächsten Erinnerung"]) await page.getByRole("button", { name: label, exact: true }).waitFor();
    expect(await phone("supervisor").locator(".who").innerText()).toContain("noch nicht verbunden");
    expect(await page.locator(".help").innerText()).toContain("Zuerst Demodaten");
    expect(await page.locator("#language option").count()).toBe(13);
  });

  it("serves its icon and its fonts itself", async () => {
    const icon = await page.request.get(new URL("/favicon.ico", address).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
    const css = await (await page.request.get(new URL("/playground/fonts.css", address).toString())).text();
    const fontUrls = [...css.matchAll(/url\("([^"]+)"\)/g)].map((match) => match[1] ?? "");
    expect(fontUrls).toHaveLength(5);
    for (const url of fontUrls) {
      const font = await page.request.get(new URL(url, address).toString());
      expect(font.status()).toBe(200);
      expect(font.headers()["content-type"]).toBe("font/woff2");
      expect((await font.body()).subarray(0, 4).toString("latin1")).toBe("wOF2");
    }
    expect((await page.request.get(new URL("/playground/fonts/../../package.json", address).toString())).status()).toBe(404);
  });

  it("English labels for an English browser, and for a browser asking for neither German nor English", async () => {
    for (const locale of ["en-US", "fr-FR"]) {
      const other = await browser.newPage({ locale });
      await other.goto(`${address}/`);
      await other.getByRole("button", { name: "Demo data", exact: true }).waitFor();
      await other.locator("#clock-label").filter({ hasText: "Monday, 1 March 2027" }).waitFor();
      await expect(other.title()).resolves.toBe("Lotse playground");
      expect(await other.locator(".phone .caption > span:first-child").allInnerTexts()).toEqual(["Integration manager", "Client", "Supervisor"]);
      expect(await other.locator("html").getAttribute("lang")).toBe("en");
      await other.close();
    }
  });

  it("demo data links the manager's and the supervisor's phones and puts an invite on the client's phone", async () => {
    await page.getByRole("button", { name: "Demodaten" }).click();
    await botSays("manager", text("manager.welcome", "de", { name: "Eva Muster" }));
    await botSays("supervisor", text("manager.welcome", "de", { name: "Jonas Weber" }));
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

  it("the client's phone, set to Arabic, is mirrored, joins through the invite link and consents", async () => {
    expect(await phone("client").locator(".screen").getAttribute("dir")).toBe("ltr");
    await page.locator("#language").selectOption("ar");
    await phone("client").locator(".who").filter({ hasText: "· ar" }).waitFor();
    await phone("client").locator('.screen[dir="rtl"][lang="ar"]').waitFor();
    expect(await phone("manager").locator(".screen").getAttribute("dir")).toBe("ltr");
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
    await botSays("manager", text("manager.appointment.duration", "de"));
    await tap("manager", text("manager.appointment.duration_option", "de", { minutes: "45" }));
    await botSays("manager", text("manager.appointment.confirm", "de"));
    await tap("manager", text("dialog.button.yes", "de"));
    await botSays("manager", /Termin angelegt/);
    const notice = await botSays("client", PLACE);
    expect(await notice.innerText()).toMatch(arabic);
  });

  it("moving the clock brings the Arabic reminder, shown right to left", async () => {
    await page.getByRole("button", { name: "+1 Stunde" }).click();
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 10:0" }).waitFor();
    expect(await botMessages("client").filter({ hasText: arabicReminder }).count()).toBe(0);
    await page.getByRole("button", { name: "Zur nächsten Erinnerung" }).click();
    // The 24-hour reminder: 1 March 15:00.
    await page.locator("#clock-label").filter({ hasText: "1. März 2027 um 15:0" }).waitFor();
    const reminder = await botSays("client", arabicReminder);
    expect(await reminder.innerText()).toContain(PLACE);
    expect(await reminder.locator(".text").evaluate((node) => getComputedStyle(node).direction)).toBe("rtl");
    // Mirrored as Telegram in Arabic: the bot's messages on the right, the client's own on the left.
    const screenBox = await phone("client").locator(".screen").boundingBox();
    const reminderBox = await reminder.boundingBox();
    const ownBox = await phone("client").locator(".message.from-user").last().boundingBox();
    if (!screenBox || !reminderBox || !ownBox) throw new Error("the client's phone is not shown");
    expect(reminderBox.x + reminderBox.width).toBeGreaterThan(screenBox.x + screenBox.width - 40);
    expect(ownBox.x).toBeLessThan(screenBox.x + 40);
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
    // (The appointment's calendar file came earlier as a document too: the export is the one named lotse-data.json.)
    const link = phone("client").locator("a.document", { hasText: "lotse-data.json" }).last();
    await link.waitFor({ state: "visible" });
    expect(await link.getAttribute("download")).toBe("lotse-data.json");
    const response = await page.request.get(new URL((await link.getAttribute("href")) ?? "", page.url()).toString());
    expect(response.headers()["content-type"]).toBe("application/json");
    expect(JSON.stringify(await response.json())).toContain(CLIENT);
  });

  it("the supervisor's /periods and /report; the Arabic chat drawn by the page's font, without box glyphs", async () => {
    // Nour, Amina and the demo's two earlier cases.
    await supervisorPeriodsAndReport(4);
    const reminder = await botSays("client", arabicReminder);
    await expectDrawnByWebFont("client", reminder, arabic, 0x0627, "Noto Sans Arabic");
    await page.screenshot({ path: join(ARTIFACTS, "playground-ar.png"), fullPage: true });
  });

  it("fresh demo data: a client in Tigrinya joins; Ethiopic drawn by the page's font, without box glyphs; the supervisor's report", async () => {
    // The client phone's language first: the demo client speaks it too.
    await page.locator("#language").selectOption("ti");
    await phone("client").locator('.screen[dir="ltr"][lang="ti"]').waitFor();
    await page.getByRole("button", { name: "Demodaten" }).click();
    await botSays("supervisor", text("manager.welcome", "de", { name: "Jonas Weber" }));
    await phone("client").getByRole("button", { name: "Einladungslink öffnen" }).click();
    await botSays("client", text("client.onboarding.language", "ti").split("\n")[0] ?? "");
    const firstChoice = botMessages("client").last().locator(".inline-button").first();
    expect(await firstChoice.innerText()).toContain("ትግርኛ");
    await firstChoice.click();
    await tap("client", text("actions.consent.accept", "ti"));
    await botSays("client", text("consent.plan_checkins.v1", "ti").split("\n")[0] ?? "");
    await tap("client", text("actions.consent.accept", "ti"));
    const welcome = await botSays("client", text("client.welcome", "ti").split("\n")[0] ?? "");
    expect(await welcome.innerText()).toMatch(ethiopic);
    await typeIn("client", "/help");
    const help = botMessages("client").last();
    await help.filter({ hasText: "/language" }).waitFor();
    expect(await help.innerText()).toMatch(ethiopic);
    await expectDrawnByWebFont("client", welcome, ethiopic, 0x1200, "Noto Sans Ethiopic");
    await expectDrawnByWebFont("client", help, ethiopic, 0x1200, "Noto Sans Ethiopic");
    // Amina and the demo's two earlier cases.
    await supervisorPeriodsAndReport(3);
    await page.screenshot({ path: join(ARTIFACTS, "playground-ti.png"), fullPage: true });
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

  it("the page itself had no failed loads (no missing favicon) and logged no errors", () => {
    expect(refusedLoads).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
