import type { MessageParams } from "../dialog/messages.ts";

/**
 * The text a button shows in a language, so that a typed answer is read as the button it names: "Hausbesuch" at "which
 * kind?" is the home-visit button, "Ort" at "what would you like to change?" the place. The adapters' translator
 * answers it; the core never renders messages itself.
 */
export interface OptionLabels {
  text(key: string, params: MessageParams | undefined, language: string): string;
}
