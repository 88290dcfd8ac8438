import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError, type CliContext } from "../../../../src/cli/command.ts";
import { teamsManifestCommand } from "../../../../src/cli/commands/teams-manifest.ts";
import { commands } from "../../../../src/core/chat/commands.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";

/** Every file of a zip, by name (fflate's unzip: what any unzip tool does). */
function readZip(zip: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => [name, Buffer.from(data)]));
}

/**
 * A PNG's size and RGBA pixels, premultiplied (white at half alpha reads 128,128,128,128): resvg draws it at its own
 * size (an SVG with the PNG as its only image).
 */
function readPng(png: Buffer): { width: number; height: number; data: Buffer } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString("base64")}"/></svg>`;
  return { width, height, data: new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels };
}

const dir = mkdtempSync(join(tmpdir(), "lotse-teams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noContext = {} as CliContext;
const translator = createTranslator({ localesDir });
const APP_ID = "0b7a5c1e-1111-4222-8333-944445555666";

const operatorPages = { "privacy-url": "https://lotse.example.org/datenschutz", "terms-url": "https://lotse.example.org/nutzung" };

describe("lotse teams-manifest", () => {
  it("refuses to build without the operator's privacy and terms pages (no placeholder), naming both options, writing nothing", async () => {
    const out = join(dir, "no-pages.zip");
    const missing = teamsManifestCommand.run({ "app-id": APP_ID, out }, noContext);
    await expect(missing).rejects.toThrow(UsageError);
    await expect(missing).rejects.toThrow(/--privacy-url: is required[\s\S]*--terms-url: is required/);
    await expect(
      teamsManifestCommand.run({ "app-id": APP_ID, out, ...operatorPages, "terms-url": "http://lotse.example.org/nutzung" }, noContext),
    ).rejects.toThrow(/--terms-url: must be an https URL/);
    expect(existsSync(out)).toBe(false);
  });

  it("builds manifest 1.22 with German as its language, English in en.json, the operator's pages and files allowed in the personal chat", async () => {
    const out = join(dir, "languages.zip");
    await teamsManifestCommand.run({ "app-id": APP_ID, out, ...operatorPages }, noContext);
    const files = readZip(readFileSync(out));
    const read = (name: string) => JSON.parse(files.get(name)?.toString("utf8") ?? "{}") as Record<string, unknown>;
    const manifest = read("manifest.json");
    expect(manifest).toMatchObject({
      $schema: "https://developer.microsoft.com/en-us/json-schemas/teams/v1.22/MicrosoftTeams.schema.json",
      manifestVersion: "1.22",
      localizationInfo: { defaultLanguageTag: "de", defaultLanguageFile: "de.json", additionalLanguages: [{ languageTag: "en", file: "en.json" }] },
      developer: { privacyUrl: operatorPages["privacy-url"], termsOfUseUrl: operatorPages["terms-url"] },
      description: { short: translator.renderText("manager_teams.manifest.description_short", undefined, "de") },
    });
    const [bot] = manifest.bots as { supportsFiles: boolean; commandLists: { commands: { title: string; description: string }[] }[] }[];
    expect(bot?.supportsFiles).toBe(true);
    const listed = bot?.commandLists[0]?.commands ?? [];
    // Teams takes ten per list: the ten marked in the command table, help among them (it lists every command).
    expect(listed.map((command) => command.title)).toEqual(commands.filter((command) => command.inManifest).map((command) => command.name));
    expect(listed).toHaveLength(10);
    expect(listed.map((command) => command.title)).toContain("help");
    const agenda = commands.find((command) => command.name === "agenda");
    expect(listed.find((command) => command.title === "agenda")?.description).toBe(translator.renderText(agenda?.menuKey ?? "", undefined, "de"));
    const english = read("en.json");
    expect(english).toMatchObject({
      $schema: "https://developer.microsoft.com/en-us/json-schemas/teams/v1.22/MicrosoftTeams.Localization.schema.json",
      "name.short": "Lotse",
      "description.short": translator.renderText("manager_teams.manifest.description_short", undefined, "en"),
    });
    const agendaIndex = listed.findIndex((command) => command.title === "agenda");
    expect(english[`bots[0].commandLists[0].commands[${agendaIndex}].title`]).toBe("agenda");
    expect(english[`bots[0].commandLists[0].commands[${agendaIndex}].description`]).toBe(translator.renderText(agenda?.menuKey ?? "", undefined, "en"));
    expect(english[`bots[0].commandLists[0].commands[${agendaIndex}].description`]).not.toBe(listed[agendaIndex]?.description);
    expect(read("de.json")["description.full"]).toBe((manifest.description as { full: string }).full);
    for (const file of ["de.json", "en.json"]) expect(Object.keys(read(file)).filter((key) => key.startsWith("bots["))).toHaveLength(20);
  });

  it("writes a package with the manifest (the app id as app and bot) and both icons in Teams' sizes", async () => {
    const out = join(dir, "lotse-teams.zip");
    const result = await teamsManifestCommand.run({ "app-id": APP_ID, out, host: "lotse.example.org", ...operatorPages }, noContext);
    expect(result.json).toMatchObject({ appId: APP_ID, file: out });
    const files = readZip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(["color.png", "de.json", "en.json", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "") as Record<string, unknown>;
    expect(manifest).toMatchObject({ id: APP_ID, icons: { color: "color.png", outline: "outline.png" }, validDomains: ["lotse.example.org"] });
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: APP_ID, scopes: ["personal"] })]);
    const color = readPng(files.get("color.png") ?? Buffer.alloc(0));
    const outline = readPng(files.get("outline.png") ?? Buffer.alloc(0));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The colour icon is opaque: the accent colour in a corner, the white mark in the middle.
    expect([...color.data.subarray(0, 4)]).toEqual([0x1f, 0x6f, 0xb2, 255]);
    const middle = (96 * 192 + 96) * 4;
    expect([...color.data.subarray(middle, middle + 4)]).toEqual([255, 255, 255, 255]);
    // The outline icon is white on transparent: every pixel is white, fully or (at the edges) partly transparent.
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3] ?? 0];
      alphas.add(a);
      expect(r === a && g === a && b === a).toBe(true);
    }
    expect(alphas.has(0) && alphas.has(255)).toBe(true);
  });

  it("writes the same bytes for the same input (no time in the zip)", async () => {
    const first = join(dir, "first.zip");
    const second = join(dir, "second.zip");
    await teamsManifestCommand.run({ "app-id": APP_ID, out: first, ...operatorPages }, noContext);
    await teamsManifestCommand.run({ "app-id": APP_ID, out: second, ...operatorPages }, noContext);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it("refuses an app id that is no UUID and an output that is no zip, writing nothing", async () => {
    await expect(teamsManifestCommand.run({ "app-id": "my-bot", out: join(dir, "x.zip"), ...operatorPages }, noContext)).rejects.toThrow(/--app-id/);
    await expect(teamsManifestCommand.run({ "app-id": APP_ID, out: join(dir, "x.txt"), ...operatorPages }, noContext)).rejects.toThrow(UsageError);
    expect(() => readFileSync(join(dir, "x.zip"))).toThrow();
  });
});
