import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n as I18n, type Resource } from "i18next";
import type { Button, MessageParam, MessageParams, Outbound } from "../core/dialog/messages.ts";
import { fitButtonRows } from "./button-rows.ts";
import { formatDaysUntil, formatInstant, formatNumber, isolate } from "./format.ts";
import { splitKey } from "./keys.ts";
import { fallbackChain, isRtl } from "./languages.ts";

/**
 * The translator every channel uses: message keys with parameters in, text and button labels out.
 *
 * Loading: all `locales/<language>/<namespace>.json` files are read synchronously with plain `fs` once, when the
 * translator is created (no i18next-fs-backend: synchronous loading needs no async start-up, and the set of
 * languages and namespaces is simply what is on disk). A broken JSON file stops the start.
 *
 * Lookup: i18next resolves the key in one language at a time (with plural suffixes for a numeric `count`) and
 * this module walks the fallback chain recipient language → English → German. Interpolation is done here, not by
 * i18next, so that dates, numbers and right-to-left isolation are handled in one place and nothing is escaped
 * (adapters escape for their format, e.g. `escapeHtml` for Telegram).
 *
 * A raw key never reaches a person: a key missing in every language renders as the translated
 * `errors.generic` ("Something went wrong"), a missing nested key or placeholder value as "…"; each case is
 * reported to `onMissingKey`.
 */

export interface MissingKeyEvent {
  key: string;
  /** The language asked for. */
  language: string;
  /** The language whose text was used instead; null when no language had the key. */
  usedLanguage: string | null;
  /** Set when the text was found but a placeholder had no value (shown as "…"). */
  param?: string;
}

export interface TranslatorOptions {
  localesDir: string;
  onMissingKey?: (event: MissingKeyEvent) => void;
}

export interface RenderOptions {
  /** The recipient's language, e.g. "ar" or "de". */
  language: string;
  /** Time zone for instants whose param names none (e.g. converted outbox params). */
  timeZone?: string;
  /** When given, dates in another year show the year. */
  now?: Date;
}

export interface RenderedButton {
  label: string;
  data?: string;
  url?: string;
}

export interface RenderedMessage {
  text: string;
  buttons: RenderedButton[][];
}

export interface Translator {
  /** Languages found on disk. */
  readonly languages: readonly string[];
  /** Namespaces found on disk (in any language). */
  readonly namespaces: readonly string[];
  renderText(key: string, params: MessageParams | undefined, language: string, options?: Omit<RenderOptions, "language">): string;
  renderOutbound(outbound: Outbound, options: RenderOptions): RenderedMessage;
  renderButton(button: Button, options: RenderOptions): RenderedButton;
  /** Whether `language` itself (no fallback) has a text for the key. */
  hasKey(key: string, language: string): boolean;
}

export const genericErrorKey = "errors.generic";
/** The heading above the full texts of button labels shortened to fit a phone. */
const fullLabelsKey = "dialog.full_labels";
/** U+200E LEFT-TO-RIGHT MARK. */
const LRM = "\u200E";

/** Whether a text has a `{{name}}` placeholder (the pattern of `placeholdersOf`, without collecting them). */
const hasPlaceholder = /\{\{\s*[^},\s]+[^}]*\}\}/;

const lastResortText = "Something went wrong. Please try again later.";
const missingValue = "…";
const MISSING = "\u0000missing";

export type LoadedLocales = Record<string, Record<string, unknown>>;

/** Reads `<localesDir>/<language>/<namespace>.json` for every language directory and JSON file. */
export function loadLocales(localesDir: string): LoadedLocales {
  const resources: LoadedLocales = {};
  for (const language of readdirSync(localesDir).sort()) {
    const dir = join(localesDir, language);
    if (!statSync(dir).isDirectory()) continue;
    const namespaces: Record<string, unknown> = {};
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".json")) continue;
      const path = join(dir, file);
      try {
        namespaces[file.slice(0, -".json".length)] = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new Error(`cannot read locale file ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
    resources[language] = namespaces;
  }
  return resources;
}

export function createTranslator(options: TranslatorOptions): Translator {
  return translatorFromResources(loadLocales(options.localesDir), options.onMissingKey);
}

export function translatorFromResources(resources: LoadedLocales, onMissingKey: (event: MissingKeyEvent) => void = () => {}): Translator {
  const languages = Object.keys(resources);
  const namespaces = [...new Set(languages.flatMap((language) => Object.keys(resources[language] ?? {})))].sort();
  const known = new Set(namespaces);
  const i18n: I18n = i18next.createInstance();
  void i18n.init({
    resources: resources as Resource,
    ns: namespaces,
    defaultNS: false,
    fallbackLng: false,
    initAsync: false,
    nsSeparator: false,
    keySeparator: ".",
    returnNull: false,
    returnEmptyString: false,
    returnObjects: false,
    interpolation: { escapeValue: false },
  });

  /**
   * Texts already looked up, by language, key and count (null: none). The resources never change after loading,
   * and one i18next lookup (key path, plural rules, fallback options) costs microseconds; every reply needs a few
   * dozen. The map is emptied when it is full.
   */
  const lookedUp = new Map<string, string | null>();
  const lookedUpSize = 8192;

  function lookup(key: string, language: string, count: number | undefined): string | null {
    const cacheKey = count === undefined ? `${language}|${key}` : `${language}|${key}|${count}`;
    const cached = lookedUp.get(cacheKey);
    if (cached !== undefined) return cached;
    const text = lookupInResources(key, language, count);
    if (lookedUp.size >= lookedUpSize) lookedUp.clear();
    lookedUp.set(cacheKey, text);
    return text;
  }

  function lookupInResources(key: string, language: string, count: number | undefined): string | null {
    const { namespace, path } = splitKey(key);
    if (!path || !known.has(namespace)) return null;
    // `catalogue.write_cv` names an object of texts, not a text.
    const direct: unknown = i18n.getResource(language, namespace, path);
    if (direct !== undefined && typeof direct !== "string") return null;
    const value: unknown = i18n.t(path, {
      ns: namespace,
      lng: language,
      fallbackLng: false,
      skipInterpolation: true,
      defaultValue: MISSING,
      ...(count !== undefined ? { count } : {}),
    });
    if (typeof value !== "string" || value === MISSING || value.trim() === "") return null;
    return value;
  }

  /** "a, b und c" as the language writes a list (Intl.ListFormat); a language Intl lacks gets its default. */
  function joinList(items: string[], language: string): string {
    try {
      return new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(items);
    } catch {
      return items.join(", ");
    }
  }

  function renderParam(param: MessageParam, language: string, options: Omit<RenderOptions, "language">): string {
    if (typeof param === "string") return param;
    if (typeof param === "number") return formatNumber(param, language);
    if (param.t === "key") return render(param.key, param.params, language, options, "nested");
    if (param.t === "lines") return param.items.map((item) => renderParam(item, language, options)).join("\n");
    if (param.t === "list")
      return joinList(
        param.items.map((item) => renderParam(item, language, options)),
        language,
      );
    // The core gives every instant its zone; an empty one is a bug, shown in UTC rather than in a guessed zone.
    const zone = param.zone || options.timeZone || "UTC";
    if (param.t === "until")
      return (
        (options.now ? formatDaysUntil(param.iso, { language, zone, now: options.now }) : formatInstant(param.iso, "date", { language, zone })) ?? missingValue
      );
    return formatInstant(param.iso, param.t, { language, zone, ...(options.now ? { now: options.now } : {}) }) ?? missingValue;
  }

  function interpolate(raw: string, key: string, params: MessageParams | undefined, language: string, options: Omit<RenderOptions, "language">): string {
    const rtl = isRtl(language);
    // A command in a right-to-left sentence ("اكتب /start") would show as "start/": a left-to-right mark before
    // the slash keeps it with the command (zero width; the command still reads and copies as typed).
    const template = rtl ? raw.replace(/(^|[\s(«"])\/(?=[a-z])/g, `$1${LRM}/`) : raw;
    if (!hasPlaceholder.test(template)) return template;
    return template.replace(/\{\{\s*([^},\s]+)[^}]*\}\}/g, (match: string, name: string, offset: number) => {
      const param = params?.[name];
      if (param === undefined) {
        onMissingKey({ key, language, usedLanguage: language, param: name });
        return missingValue;
      }
      const rendered = renderParam(param, language, options);
      // A value that ends a sentence itself ("2027 р." in Ukrainian dates) before the text's own full stop: one dot.
      const value = rendered.endsWith(".") && template[offset + match.length] === "." ? rendered.slice(0, -1) : rendered;
      // Lines are paragraphs of their own (each line isolates its own values); an isolate would end at the first.
      return rtl && !(typeof param === "object" && param.t === "lines") ? isolate(value) : value;
    });
  }

  function genericError(language: string): string {
    for (const candidate of fallbackChain(language)) {
      const text = lookup(genericErrorKey, candidate, undefined);
      if (text !== null) return text;
    }
    return lastResortText;
  }

  function render(
    key: string,
    params: MessageParams | undefined,
    language: string,
    options: Omit<RenderOptions, "language">,
    whenMissing: "generic" | "nested",
  ): string {
    const count = typeof params?.count === "number" ? params.count : undefined;
    for (const candidate of fallbackChain(language)) {
      const template = lookup(key, candidate, count);
      if (template === null) continue;
      if (candidate !== language) onMissingKey({ key, language, usedLanguage: candidate });
      // Values follow the text's language, so a fallback sentence stays coherent.
      return interpolate(template, key, params, candidate, options);
    }
    onMissingKey({ key, language, usedLanguage: null });
    return whenMissing === "generic" ? genericError(language) : missingValue;
  }

  function renderButton(button: Button, options: RenderOptions): RenderedButton {
    const { language, ...rest } = options;
    const text = button.label ? button.label : render(button.labelKey, button.labelParams, language, rest, "generic");
    return {
      label: button.selected ? `✓ ${text}` : text,
      ...(button.data !== undefined ? { data: button.data } : {}),
      ...(button.url !== undefined ? { url: button.url } : {}),
    };
  }

  return {
    languages,
    namespaces,
    renderText(key, params, language, options = {}) {
      return render(key, params, language, options, "generic");
    },
    renderOutbound(outbound, options) {
      const { language, ...rest } = options;
      const text = outbound.parts.map((part) => render(part.key, part.params, language, rest, "generic")).join("\n\n");
      // The one width rule (button-rows.ts), on the labels as this person reads them; a label shortened to fit is
      // given in full with the text.
      const { rows, shortened } = fitButtonRows((outbound.buttons ?? []).map((row) => row.map((button) => renderButton(button, options))));
      const inFull =
        shortened.length > 0 ? `\n\n${render(fullLabelsKey, undefined, language, rest, "generic")}\n${shortened.map((label) => `• ${label}`).join("\n")}` : "";
      return { text: `${text}${inFull}`, buttons: rows };
    },
    renderButton,
    hasKey(key, language) {
      return lookup(key, language, undefined) !== null || lookup(key, language, 1) !== null;
    },
  };
}
