import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir } from "../../src/app/app.ts";
import { planAgreementAction, planDocumentAction } from "../../src/core/chat/plan-actions.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { renderBilingualDocument } from "../../src/i18n/bilingual-document.ts";
import { linkedManager, tap, telegramChat } from "../support/chat-harness.ts";
import { testCore } from "../support/core-deps.ts";
import { staffActor } from "../support/seed.ts";

/**
 * The plan document a client keeps, opened in a real browser (Debian's chromium): the client's language beside German,
 * right to left for Arabic, side by side on a wide screen and stacked on a phone; screenshots for a person to look at.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = process.env.LOTSE_SCREENSHOTS ?? join(tmpdir(), "lotse-playground-screenshots");
const translator = createTranslator({ localesDir });
let browser: Browser;

/** Amina (Arabic) with a plan: a catalogue goal and a step with her son's name and a due day; the manager's "Plan als Datei". */
async function planDocumentHtml(): Promise<string> {
  const core = testCore("2027-03-01T09:00:00Z");
  const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], telegramChat("100"));
  const amina = clients[0];
  if (!amina) throw new Error("no client");
  const eva = staffActor(manager);
  const plan = await createPlan(core.deps, eva, { clientId: amina.id, nextReviewAt: "2027-09-01T08:00:00Z" });
  const goal = await addGoal(core.deps, eva, { planId: plan.id, area: "education", catalogueKey: "children_in_school_or_kita" });
  await addStep(core.deps, eva, { goalId: goal.id, catalogueKey: "enrol_child_school", params: { childName: "Yusuf" }, dueAt: "2027-03-15T22:59:00Z" });
  // Sent for agreement first: that records the version the document shows.
  await send(tap(planAgreementAction.encode(plan.id)));
  const [message] = await send(tap(planDocumentAction.encode(plan.id)));
  const attachment = message?.attachment;
  if (attachment?.kind !== "bilingual") throw new Error(`no plan document: ${JSON.stringify(message)}`);
  expect(attachment.language).toBe(amina.language);
  return renderBilingualDocument(translator, attachment, core.clock.now());
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the plan document in a browser", () => {
  it("shows Arabic (right to left) beside German on a wide screen and stacked on a phone; the child's name in both", async () => {
    const html = await planDocumentHtml();
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: "load" });
    const arabic = page.locator('.cell[lang="ar"]').filter({ hasText: "Yusuf" }).first();
    const german = page.locator('.cell[lang="de"]').filter({ hasText: "Yusuf" }).first();
    expect(await arabic.getAttribute("dir")).toBe("rtl");
    expect(await german.getAttribute("dir")).toBe("ltr");
    expect(await arabic.innerText()).toMatch(/[\u0600-\u06FF]/);
    expect(await german.innerText()).toContain("Yusuf");
    // Side by side: one row, two columns.
    const [a, d] = [await arabic.boundingBox(), await german.boundingBox()];
    expect(a && d && Math.abs(a.y - d.y) < 2 && Math.abs(a.x - d.x) > 100).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "plan-document-ar-de.png"), fullPage: true });
    // Self-contained: nothing loaded from elsewhere.
    expect(requests.filter((url) => !url.startsWith("about:") && !url.startsWith("data:"))).toEqual([]);

    await page.setViewportSize({ width: 380, height: 1200 });
    const [aNarrow, dNarrow] = [await arabic.boundingBox(), await german.boundingBox()];
    expect(aNarrow && dNarrow && dNarrow.y > aNarrow.y + aNarrow.height - 1).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "plan-document-phone.png"), fullPage: true });
    // Prints on A4.
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  });
});
