import { operator } from "../../core/actor.ts";
import { issueManagerInvite } from "../../core/setup/issue-manager-invite.ts";
import type { CliCommand } from "../command.ts";
import { describeInvite } from "../invite-link.ts";

export const managerInviteCommand: CliCommand = {
  path: ["manager", "invite"],
  summary: "issue a fresh invite code for a manager (earlier unused codes stop working)",
  usage: "lotse manager invite --manager ID [--json]",
  options: { manager: { type: "string", description: "the manager's id" } },
  async run(options, { deps }) {
    const invite = await issueManagerInvite(deps, operator, { managerId: options.manager });
    return describeInvite(deps.store.settings, invite);
  },
};
