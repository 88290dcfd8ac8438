import { PNG } from "pngjs";
import { z } from "zod";
import { staffRoles } from "../../core/chat/chat-role.ts";
import { commands, listedCommandsFor } from "../../core/chat/commands.ts";
import type { Translator } from "../../i18n/index.ts";
import { writeZip } from "./zip-writer.ts";

/** What the package needs; validated like any boundary (the CLI passes its options straight in). */
export const appPackageInput = z.object({
  appId: z.uuid("must be the bot's Microsoft App ID (a UUID)"),
  /** Shown as developer website, privacy and terms pages; an https URL of the operator. */
  website: z.url({ protocol: /^https$/, message: "must be an https URL" }).default("https://github.com/lotse-integration/lotse"),
  /** The host of the messaging endpoint, for validDomains (e.g. lotse.example.org). */
  host: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a host name such as lotse.example.org")
    .optional(),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, "must look like 1.0.0")
    .default("1.0.0"),
});
export type AppPackageInput = z.input<typeof appPackageInput>;

/** Lotse's accent colour (the colour icon's background). */
const ACCENT = { r: 0x1f, g: 0x6f, b: 0xb2 };
const MANIFEST_VERSION = "1.17";

/** A command in the manifest's list (what Teams suggests when a person types in the chat). */
export interface ManifestCommand {
  title: string;
  description: string;
}

/** Teams accepts at most ten commands in a list (manifest 1.17) and 128 characters of description. */
export const MANIFEST_COMMAND_LIMIT = 10;
const MANIFEST_DESCRIPTION_LIMIT = 128;

/** The staff commands marked for the manifest in the command table, described in German and English. */
export function manifestCommands(translator: Translator): ManifestCommand[] {
  const staff = new Set(staffRoles.flatMap((role) => listedCommandsFor(role)));
  return commands
    .filter((command) => staff.has(command) && command.inManifest)
    .slice(0, MANIFEST_COMMAND_LIMIT)
    .map((command) => {
      const [de, en] = ["de", "en"].map((language) => translator.renderText(command.menuKey ?? "", undefined, language).trim());
      const description = de === en ? (de ?? "") : `${de ?? ""} / ${en ?? ""}`;
      return { title: command.name, description: Array.from(description).slice(0, MANIFEST_DESCRIPTION_LIMIT).join("") };
    });
}

export function teamsManifest(input: z.output<typeof appPackageInput> & { commands: ManifestCommand[] }): Record<string, unknown> {
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId,
    developer: { name: "Lotse", websiteUrl: input.website, privacyUrl: input.website, termsOfUseUrl: input.website },
    name: { short: "Lotse", full: "Lotse – Integrationsmanagement" },
    description: {
      short: "Termine, Kontakte und Integrationspläne im Chat",
      full: "Lotse hilft Integrationsmanagerinnen und -managern: Klientinnen und Klienten einladen, Termine anlegen, Kontakte dokumentieren, Integrationspläne fortschreiben und die Tagesübersicht sehen – dieselben Abläufe wie im Telegram-Bot.",
    },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: `#${[ACCENT.r, ACCENT.g, ACCENT.b]
      .map((c) => c.toString(16).padStart(2, "0"))
      .join("")
      .toUpperCase()}`,
    bots: [
      {
        botId: input.appId,
        scopes: ["personal"],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: ["personal"], commands: input.commands }],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: input.host ? [input.host] : [],
  };
}

/** A compass-like mark: a ring with a needle, drawn per pixel (no image files in the repository). */
function drawMark(size: number, paint: (png: PNG, index: number, alpha: number) => void, background?: (png: PNG, index: number) => void): Buffer {
  const png = new PNG({ width: size, height: size });
  const centre = (size - 1) / 2;
  const outer = size * 0.4;
  const ring = Math.max(1.5, size * 0.07);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const index = (y * size + x) * 4;
      png.data[index + 3] = 0;
      background?.(png, index);
      const dx = x - centre;
      const dy = y - centre;
      const distance = Math.hypot(dx, dy);
      const onRing = Math.abs(distance - outer) <= ring / 2;
      // The needle: a diamond pointing up (north), narrower than it is long.
      const onNeedle = Math.abs(dx) / (size * 0.12) + Math.abs(dy) / (outer * 0.85) <= 1;
      if (onRing || onNeedle) paint(png, index, 255);
    }
  }
  return PNG.sync.write(png);
}

const white = (png: PNG, index: number, alpha: number) => {
  png.data[index] = 255;
  png.data[index + 1] = 255;
  png.data[index + 2] = 255;
  png.data[index + 3] = alpha;
};

/** 192×192, full colour: the white mark on the accent colour. */
export const colorIcon = () =>
  drawMark(192, white, (png, index) => {
    png.data[index] = ACCENT.r;
    png.data[index + 1] = ACCENT.g;
    png.data[index + 2] = ACCENT.b;
    png.data[index + 3] = 255;
  });

/** 32×32 outline: white on transparent, as Teams requires. */
export const outlineIcon = () => drawMark(32, white);

/** The Teams app package: manifest.json, color.png and outline.png in one zip, ready to upload. */
export function teamsAppPackage(input: AppPackageInput, translator: Translator): Buffer {
  const parsed = appPackageInput.parse(input);
  const manifest = teamsManifest({ ...parsed, commands: manifestCommands(translator) });
  return writeZip([
    { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8") },
    { name: "color.png", data: colorIcon() },
    { name: "outline.png", data: outlineIcon() },
  ]);
}
