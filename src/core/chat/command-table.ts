import type { MessageParam, Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import type { ChatRole } from "./chat-role.ts";
import type { Routed } from "./reply.ts";

/**
 * The types of the one command table (`commands.ts`): who may type what. Kept apart from the table itself so that
 * the adapters (menus, Teams manifest) and the tests can read the shape without loading every handler's module.
 */

export interface ChatCommand {
  /** What follows the slash: `/appointment`. Telegram allows `[a-z0-9_]{1,32}`. */
  name: string;
  /**
   * Words that start the command without a slash, lower case (German and English). A person may type them on any
   * channel ("termin", "appointment"). A command without `takesArgs` starts only when the word is all that was
   * written, so "Hilfe bitte, ich habe einen Brief" stays text.
   */
  words: {
    de: readonly string[];
    en: readonly string[];
    /**
     * Words in the clients' other languages, for the few commands whose meaning must not depend on German or English:
     * "стоп" or "توقف" alone is a wish to stop, not a message to pass on to the manager.
     */
    others?: readonly string[];
  };
  roles: readonly ChatRole[];
  /** Whatever follows the command word is handed to the handler (`/plan Amina`, `log Omar 30 Hausbesuch`). */
  takesArgs: boolean;
  /** Short description for the commands menu (Telegram) and the Teams manifest; null: not in any menu or help. */
  menuKey: string | null;
  /** The line in /help, when it says more than the menu entry (e.g. how to search). Defaults to `menuKey`. */
  helpKey?: string;
  /** What staff of another role are told when they type it (default: not allowed), before their help. */
  refusedKey?: string;
  /** Listed in the Teams manifest's command list (at most ten in manifest 1.17; the rest are in /help). */
  inManifest?: boolean;
  run(context: ChatContext, args: string): Promise<Routed>;
}

/** A command's line in the help: `/name – description`. */
export function helpLine(command: ChatCommand): MessageParam {
  return { t: "key", key: "commands.line", params: { command: `/${command.name}`, description: { t: "key", key: command.helpKey ?? command.menuKey ?? "" } } };
}

export const reply = (...outbound: Outbound[]): Routed => ({ outbound });
