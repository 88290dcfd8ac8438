import { readSheet } from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { svgChartRenderer } from "../../../../src/app/svg-chart.ts";
import { xlsxWriter } from "../../../../src/app/xlsx.ts";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { currentQuarter } from "../../../../src/core/reports/supervisor-report.ts";
import { parseCsv } from "../../../../src/core/import/csv.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { command, keys, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedClient, seedConsent, seedTenant, staffActor } from "../../../support/seed.ts";

/** A tenant with two managers (3 and 1 open cases, notes in the contacts), a supervisor and a plain manager, both linked. */
async function team(core: TestCore) {
  const tenantId = await seedTenant(core.store);
  const eva = (await addManager(core.deps, operator, { tenantId, name: "Eva Muster" })).manager;
  const jonas = (await addManager(core.deps, operator, { tenantId, name: "Jonas Beispiel" })).manager;
  const supervisor = await addManager(core.deps, operator, { tenantId, name: "Sabine Aufsicht", role: "supervisor" });
  for (const name of ["Amina Haddad", "Omar Haddad", "Selam Tesfay"]) {
    const client = await seedClient(core.store, tenantId, { managerId: eva.id, name });
    await seedConsent(core.store, client.id);
    await logContact(core.deps, staffActor(eva), { clientId: client.id, kind: "home_visit", durationMin: 45, note: `Geheimnis über ${name}` });
  }
  const olena = await seedClient(core.store, tenantId, { managerId: jonas.id, name: "Olena Koval" });
  const plan = await createPlan(core.deps, staffActor(jonas), { clientId: olena.id });
  await core.store.plans.setNextReviewAt(plan.id, new Date("2027-05-01T00:00:00Z"), core.clock.now());
  const supervisorChat = telegramChat("900");
  await handleInbound(core.deps, supervisorChat, command("start", supervisor.invite.code));
  const evaChat = telegramChat("901");
  const evaInvite = await addManager(core.deps, operator, { tenantId, name: "Eva Zwei" });
  await handleInbound(core.deps, evaChat, command("start", evaInvite.invite.code));
  core.clock.advance(60_000);
  return { supervisorChat, evaChat };
}

const translator = createTranslator({ localesDir });
const charts = svgChartRenderer((key, params, language) => translator.renderText(key, params, language));

const send = (core: TestCore, chat: ReturnType<typeof telegramChat>, name: string) => handleInbound(core.deps, chat, command(name)).then((r) => r.outbound);
const decodeBase64 = (outbound: Outbound | undefined) => {
  const attachment = outbound?.attachment;
  if (!attachment || attachment.kind === "qr" || attachment.kind === "bilingual") throw new Error("no file attached");
  return Buffer.from(attachment.base64, "base64");
};

describe("/report for supervisors in the chat", () => {
  it("sends the quarter's caseload per manager as text, a chart image (PNG) and the figures as German CSV and XLSX", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    core.deps.charts = charts;
    core.deps.spreadsheets = xlsxWriter;
    const { supervisorChat } = await team(core);
    const [summary, chart, csv, xlsx, ...rest] = await send(core, supervisorChat, "report");
    expect(rest).toEqual([]);

    expect(summary?.parts[0]).toEqual({ key: "manager_reports.title", params: { quarter: 2, year: "2027", from: "2027-04-01", to: "2027-06-30" } }); // a year is text: never "2.027"
    const lines = summary?.parts.filter((p) => p.key === "manager_reports.manager_line").map((p) => p.params);
    expect(lines).toEqual([
      { index: 1, name: "Eva Muster", openCases: 3, overdue: 0, contacts: 3 },
      { index: 2, name: "Eva Zwei", openCases: 0, overdue: 0, contacts: 0 },
      { index: 3, name: "Jonas Beispiel", openCases: 1, overdue: 1, contacts: 0 },
    ]);

    expect(chart?.attachment).toMatchObject({ kind: "image", fileName: "lotse-2027-Q2.png" });
    const png = decodeBase64(chart);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(720); // width from the PNG header

    expect(csv?.attachment).toMatchObject({ kind: "document", mimeType: "text/csv", fileName: "lotse-fallzahlen-2027-Q2.csv" });
    const text = decodeBase64(csv).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.split("\r\n").slice(0, 2)).toEqual([
      "\uFEFFVon;Bis;Integrationsmanager/in;Offene Fälle;Kontakte;Kontaktstunden;Termine;Überfällige Fortschreibungen",
      "2027-04-01;2027-06-30;Eva Muster;3;3;2,3;0;0",
    ]);
    const table = parseCsv(text);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ["2027-04-01", "2027-06-30", "Eva Muster", "3", "3", "2,3", "0", "0"],
      ["2027-04-01", "2027-06-30", "Eva Zwei", "0", "0", "0", "0", "0"],
      ["2027-04-01", "2027-06-30", "Jonas Beispiel", "1", "0", "0", "0", "1"],
      ["2027-04-01", "2027-06-30", "Gesamt", "4", "3", "2,3", "0", "1"],
    ]);

    expect(xlsx?.attachment).toMatchObject({
      kind: "document",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      fileName: "lotse-fallzahlen-2027-Q2.xlsx",
    });
    const sheet = await readSheet(decodeBase64(xlsx));
    expect(sheet[0]?.[3]).toBe("Offene Fälle");
    expect(sheet.slice(1)).toEqual([
      ["2027-04-01", "2027-06-30", "Eva Muster", 3, 3, 2.3, 0, 0],
      ["2027-04-01", "2027-06-30", "Eva Zwei", 0, 0, 0, 0, 0],
      ["2027-04-01", "2027-06-30", "Jonas Beispiel", 1, 0, 0, 0, 1],
      ["2027-04-01", "2027-06-30", "Gesamt", 4, 3, 2.3, 0, 1],
    ]);
  });

  it("never carries a client's name or a note", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    core.deps.charts = charts;
    const { supervisorChat } = await team(core);
    const reply = await send(core, supervisorChat, "report");
    const everything = JSON.stringify(reply) + reply.map((o) => (o.attachment?.kind === "document" ? decodeBase64(o).toString("utf8") : "")).join("");
    expect(everything).not.toMatch(/Geheimnis|Amina|Omar|Selam|Olena/);
  });

  it("refuses a manager without the supervisor role clearly", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { evaChat } = await team(core);
    const reply = await send(core, evaChat, "report");
    expect(keys(reply)).toEqual(["manager_reports.refused", "manager.help"]);
    expect(reply.some((o) => o.attachment)).toBe(false);
  });

  it("without a chart renderer and a spreadsheet writer still sends the summary and the CSV", async () => {
    const core = testCore("2027-05-20T09:00:00Z");
    const { supervisorChat } = await team(core);
    const reply = await send(core, supervisorChat, "report");
    expect(reply.map((o) => o.attachment?.kind ?? "text")).toEqual(["text", "document"]);
  });

  it("the quarter follows the tenant's calendar: 31 March 23:30 in Berlin is still Q1", () => {
    const quarter = currentQuarter(new Date("2027-03-31T21:30:00Z"), "Europe/Berlin");
    expect(quarter).toMatchObject({ year: 2027, quarter: 1, firstDay: "2027-01-01", lastDay: "2027-03-31" });
    expect(quarter.from.toISOString()).toBe("2026-12-31T23:00:00.000Z");
  });
});
