import type { Actor } from "../actor.ts";
import type { ManagerRole } from "../shared/values.ts";

/** Who a chat belongs to, as far as commands go: the three staff roles, clients, volunteers and strangers. */
export type ChatRole = ManagerRole | "client" | "volunteer" | "stranger";
export const chatRoles = ["manager", "supervisor", "admin", "client", "volunteer", "stranger"] as const satisfies readonly ChatRole[];
export const staffRoles = ["manager", "supervisor", "admin"] as const satisfies readonly ChatRole[];

/** The roles whose command menus are set in Telegram and listed in the Teams manifest (strangers see the client menu). */
export type MenuRole = Exclude<ChatRole, "stranger">;

/** The role of whoever acts in a chat. */
export function chatRoleOf(context: { actor: Actor }): ChatRole {
  const { actor } = context;
  if (actor.kind === "staff") return actor.role;
  if (actor.kind === "client" || actor.kind === "volunteer") return actor.kind;
  return "stranger";
}
