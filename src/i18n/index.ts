/** The i18n layer every channel uses: see translator.ts (loading, fallback, rendering) and keys.ts (key → file rule). */
export {
  createTranslator,
  translatorFromResources,
  loadLocales,
  genericErrorKey,
  type MissingKeyEvent,
  type RenderedButton,
  type RenderedMessage,
  type Translator,
} from "./translator.ts";
export { escapeHtml, formatInstant, isolate } from "./format.ts";
export { isRtl, languageNames } from "./languages.ts";
export { messageParamsFromOutbox, renderOutboxMessage } from "./outbox-params.ts";
