import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 as nodeCrc32, inflateRawSync } from "node:zlib";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, writeZip } from "../../../../src/bots/teams/zip-writer.ts";
import { UsageError, type CliContext } from "../../../../src/cli/command.ts";
import { teamsManifestCommand } from "../../../../src/cli/commands/teams-manifest.ts";
import { commands } from "../../../../src/core/chat/commands.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";

/** Reads a zip's central directory and inflates every file (what any unzip tool does). */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    expect(zip.readUInt32LE(localOffset)).toBe(0x04034b50);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressedSize));
    expect(data.length).toBe(size);
    expect(nodeCrc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const dir = mkdtempSync(join(tmpdir(), "lotse-teams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noContext = {} as CliContext;
const translator = createTranslator({ localesDir });
const APP_ID = "0b7a5c1e-1111-4222-8333-944445555666";

describe("zip writer", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it("writes files any unzip reads back byte for byte", () => {
    const big = Buffer.from("Lotse ".repeat(5000));
    const files = readZip(
      writeZip([
        { name: "a.txt", data: Buffer.from("hello") },
        { name: "ordner/ä.bin", data: big },
        { name: "empty", data: Buffer.alloc(0) },
      ]),
    );
    expect([...files.keys()]).toEqual(["a.txt", "ordner/ä.bin", "empty"]);
    expect(files.get("a.txt")?.toString()).toBe("hello");
    expect(files.get("ordner/ä.bin")?.equals(big)).toBe(true);
    expect(files.get("empty")?.length).toBe(0);
  });
});

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
    const color = PNG.sync.read(files.get("color.png") ?? Buffer.alloc(0));
    const outline = PNG.sync.read(files.get("outline.png") ?? Buffer.alloc(0));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline icon is white on transparent: every pixel is either fully transparent or white.
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    }
  });

  it("refuses an app id that is no UUID and an output that is no zip, writing nothing", async () => {
    await expect(teamsManifestCommand.run({ "app-id": "my-bot", out: join(dir, "x.zip"), ...operatorPages }, noContext)).rejects.toThrow(/--app-id/);
    await expect(teamsManifestCommand.run({ "app-id": APP_ID, out: join(dir, "x.txt"), ...operatorPages }, noContext)).rejects.toThrow(UsageError);
    expect(() => readFileSync(join(dir, "x.zip"))).toThrow();
  });
});
