import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { APP_PACKAGE_FILES, appPackageInput, teamsAppPackage } from "../../bots/teams/app-package.ts";
import { createTranslator } from "../../i18n/index.ts";
import { localesDir } from "../../i18n/locales-dir.ts";
import { UsageError, type CliCommand } from "../command.ts";

const outSchema = z
  .string()
  .trim()
  .min(1)
  .refine((path) => path.toLowerCase().endsWith(".zip"), { message: "must end in .zip" });

/** The input field → the option a person typed. */
const optionOf = (field: string) => ({ appId: "app-id", privacyUrl: "privacy-url", termsUrl: "terms-url" })[field] ?? field;

export const teamsManifestCommand: CliCommand = {
  path: ["teams-manifest"],
  summary: "write the Teams app package (manifest and icons) to upload in Teams",
  usage:
    "lotse teams-manifest --app-id ID --out FILE.zip --privacy-url https://… --terms-url https://… [--host lotse.example.org] [--website https://…] [--version 1.0.0] [--json]",
  options: {
    "app-id": { type: "string", description: "the bot's Microsoft App ID (MICROSOFT_APP_ID)" },
    out: { type: "string", description: "where to write the zip" },
    host: { type: "string", description: "host of the messaging endpoint (validDomains)" },
    "privacy-url": { type: "string", description: "https page of the operator's privacy statement (required; Teams links it)" },
    "terms-url": { type: "string", description: "https page of the operator's terms of use (required; Teams links it)" },
    website: { type: "string", description: "https page shown as the developer's website (default: the project's page)" },
    version: { type: "string", description: "package version; raise it for every upload of a changed package" },
  },
  needs: "nothing",
  async run(options) {
    const input = appPackageInput.safeParse({
      appId: options["app-id"],
      privacyUrl: options["privacy-url"],
      termsUrl: options["terms-url"],
      host: options.host,
      website: options.website,
      version: options.version,
    });
    const out = outSchema.safeParse(options.out);
    const problems = [
      ...(input.success ? [] : input.error.issues.map((issue) => `--${optionOf(String(issue.path[0]))}: ${issue.message}`)),
      ...(out.success ? [] : out.error.issues.map((issue) => `--out: ${issue.message}`)),
    ];
    if (!input.success || !out.success) throw new UsageError(problems.join("; "));
    const file = resolve(out.data);
    const zip = teamsAppPackage(input.data, createTranslator({ localesDir }));
    await writeFile(file, zip);
    return {
      json: { file, bytes: zip.length, files: APP_PACKAGE_FILES, appId: input.data.appId },
      text: `Teams app package written: ${file}\nUpload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin center.`,
    };
  },
};
