/** The i18n layer every channel uses: see translator.ts (loading, fallback, rendering) and keys.ts (key → file rule). */
export {
  createTranslator,
  translatorFromResources,
  loadLocales,
  genericErrorKey,
  type MissingKeyEvent,
  type RenderOptions,
  type RenderedButton,
  type RenderedMessage,
  type Translator,
  type TranslatorOptions,
} from "./translator.ts";
export { escapeHtml, formatInstant, formatNumber, isolate } from "./format.ts";
export { isRtl, languageNames, rtlLanguages, fallbackChain } from "./languages.ts";
export { splitKey, isStaffNamespace } from "./keys.ts";
export { messageParamsFromOutbox, renderOutboxMessage } from "./outbox-params.ts";
