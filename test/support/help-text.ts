import type { ChatRole } from "../../src/core/chat/chat-role.ts";
import { helpFor } from "../../src/core/chat/commands.ts";
import type { Translator } from "../../src/i18n/index.ts";

/** The /help text of a role as a person reads it (the command lines come from the command table). */
export const helpText = (translator: Translator, role: ChatRole, language: string): string => translator.renderOutbound(helpFor(role), { language }).text;
