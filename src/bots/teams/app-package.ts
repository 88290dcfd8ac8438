import { Resvg } from "@resvg/resvg-js";
import { zipSync } from "fflate";
import { z } from "zod";
import { staffRoles } from "../../core/chat/chat-role.ts";
import { commands, listedCommandsFor } from "../../core/chat/commands.ts";
import type { Translator } from "../../i18n/index.ts";

/** An https page of the operator that Teams links from the app's details; required, with what to give when missing. */
const operatorPage = (what: string) =>
  z.url({
    protocol: /^https$/,
    error: (issue) => (issue.input === undefined ? `is required: the https address of the operator's ${what}` : "must be an https URL"),
  });

/** What the package needs; validated like any boundary (the CLI passes its options straight in). */
export const appPackageInput = z.object({
  appId: z.uuid("must be the bot's Microsoft App ID (a UUID)"),
  /** Shown as the developer's website; the project's page unless the operator gives their own. */
  website: z.url({ protocol: /^https$/, message: "must be an https URL" }).default("https://github.com/lotse-integration/lotse"),
  /** The operator's privacy statement and terms of use: Teams shows them; no placeholder stands in for them. */
  privacyUrl: operatorPage("privacy statement (Datenschutzerklärung)"),
  termsUrl: operatorPage("terms of use (Nutzungsbedingungen)"),
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
const ACCENT = "#1F6FB2";
/** The newest app manifest schema Teams documents (1.22); Teams also reads every earlier one. */
const MANIFEST_VERSION = "1.22";
/** The manifest's own language (its texts) and the other language of the package, each with its file. */
const DEFAULT_LANGUAGE = "de";
const OTHER_LANGUAGES = ["en"] as const;
const languageFile = (language: string) => `${language}.json`;

/** A command in the manifest's list (what Teams suggests when a person types in the chat), per package language. */
export interface ManifestCommand {
  title: string;
  description: Record<string, string>;
}

/**
 * Teams accepts one command list per scope with at most ten commands (every schema up to 1.22) and 128 characters
 * of description. Lotse has more staff commands: the ten the command table marks `inManifest` (the daily ones, and
 * `help`, which lists all of them) are suggested; every command can be typed and is in `help`.
 */
export const MANIFEST_COMMAND_LIMIT = 10;
const MANIFEST_DESCRIPTION_LIMIT = 128;

const clip = (text: string, limit: number) => Array.from(text.trim()).slice(0, limit).join("");

/** The staff commands marked for the manifest in the command table, described in each package language. */
export function manifestCommands(translator: Translator): ManifestCommand[] {
  const staff = new Set(staffRoles.flatMap((role) => listedCommandsFor(role)));
  return commands
    .filter((command) => staff.has(command) && command.inManifest)
    .slice(0, MANIFEST_COMMAND_LIMIT)
    .map((command) => ({
      title: command.name,
      description: Object.fromEntries(
        [DEFAULT_LANGUAGE, ...OTHER_LANGUAGES].map((language) => [
          language,
          clip(translator.renderText(command.menuKey ?? "", undefined, language), MANIFEST_DESCRIPTION_LIMIT),
        ]),
      ),
    }));
}

/** The app's name and descriptions in one language (Teams' limits: 30, 100, 80 and 4000 characters). */
interface AppTexts {
  nameFull: string;
  short: string;
  full: string;
}

function appTexts(translator: Translator, language: string): AppTexts {
  const text = (key: string) => translator.renderText(`manager_teams.manifest.${key}`, undefined, language);
  return { nameFull: clip(text("name_full"), 100), short: clip(text("description_short"), 80), full: clip(text("description_full"), 4000) };
}

type PackageInput = z.output<typeof appPackageInput> & { commands: ManifestCommand[]; texts: AppTexts };

export function teamsManifest(input: PackageInput): Record<string, unknown> {
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId,
    localizationInfo: {
      defaultLanguageTag: DEFAULT_LANGUAGE,
      defaultLanguageFile: languageFile(DEFAULT_LANGUAGE),
      additionalLanguages: OTHER_LANGUAGES.map((language) => ({ languageTag: language, file: languageFile(language) })),
    },
    developer: { name: "Lotse", websiteUrl: input.website, privacyUrl: input.privacyUrl, termsOfUseUrl: input.termsUrl },
    name: { short: "Lotse", full: input.texts.nameFull },
    description: { short: input.texts.short, full: input.texts.full },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: ACCENT,
    bots: [
      {
        botId: input.appId,
        scopes: ["personal"],
        // Files go to and from the personal chat (the file consent flow of file-consent.ts).
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ["personal"],
            commands: input.commands.map((command) => ({ title: command.title, description: command.description[DEFAULT_LANGUAGE] ?? "" })),
          },
        ],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: input.host ? [input.host] : [],
  };
}

/**
 * A compass-like mark: a ring with a needle (a diamond pointing north), as SVG rendered by resvg (no image files in
 * the repository). `background` fills the square (the colour icon); without it the square stays transparent.
 */
function markPng(size: number, background?: string): Buffer {
  const centre = size / 2;
  const ring = Math.max(1.5, size * 0.07);
  const outer = size * 0.4;
  const needleHalfWidth = size * 0.12;
  const needleHalfLength = outer * 0.85;
  const needle = [
    [centre, centre - needleHalfLength],
    [centre + needleHalfWidth, centre],
    [centre, centre + needleHalfLength],
    [centre - needleHalfWidth, centre],
  ]
    .map(([x, y]) => `${x},${y}`)
    .join(" ");
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    background ? `<rect width="${size}" height="${size}" fill="${background}"/>` : "",
    `<circle cx="${centre}" cy="${centre}" r="${outer}" fill="none" stroke="#FFFFFF" stroke-width="${ring}"/>`,
    `<polygon points="${needle}" fill="#FFFFFF"/>`,
    "</svg>",
  ].join("");
  return new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: "off" }).render().asPng();
}

/** 192×192, full colour: the white mark on the accent colour. */
export const colorIcon = () => markPng(192, ACCENT);

/** 32×32 outline: white on transparent, as Teams requires. */
export const outlineIcon = () => markPng(32);

/** A language file of the package: the manifest's texts in that language, keyed by their JSON path. */
export function teamsLocalization(texts: AppTexts, commandList: ManifestCommand[], language: string): Record<string, string> {
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`,
    "name.short": "Lotse",
    "name.full": texts.nameFull,
    "description.short": texts.short,
    "description.full": texts.full,
    ...Object.fromEntries(
      commandList.flatMap((command, index) => [
        [`bots[0].commandLists[0].commands[${index}].title`, command.title],
        [`bots[0].commandLists[0].commands[${index}].description`, command.description[language] ?? ""],
      ]),
    ),
  };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + "\n", "utf8");

/** The files of the app package: manifest.json, a language file per language, both icons. */
export const APP_PACKAGE_FILES = ["manifest.json", ...[DEFAULT_LANGUAGE, ...OTHER_LANGUAGES].map(languageFile), "color.png", "outline.png"];

/** The Teams app package: manifest.json, de.json and en.json, color.png and outline.png in one zip, ready to upload. */
export function teamsAppPackage(input: AppPackageInput, translator: Translator): Buffer {
  const parsed = appPackageInput.parse(input);
  const commandList = manifestCommands(translator);
  const manifest = teamsManifest({ ...parsed, commands: commandList, texts: appTexts(translator, DEFAULT_LANGUAGE) });
  // A fixed time: the same input gives the same bytes (fflate's zip, deflated at the highest level).
  const zip = zipSync(
    {
      "manifest.json": json(manifest),
      ...Object.fromEntries(
        [DEFAULT_LANGUAGE, ...OTHER_LANGUAGES].map((language) => [
          languageFile(language),
          json(teamsLocalization(appTexts(translator, language), commandList, language)),
        ]),
      ),
      "color.png": colorIcon(),
      "outline.png": outlineIcon(),
    },
    { level: 9, mtime: new Date(1980, 0, 1) },
  );
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}
