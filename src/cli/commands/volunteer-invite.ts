import { operator } from "../../core/actor.ts";
import { issueVolunteerInvite } from "../../core/volunteers/issue-volunteer-invite.ts";
import type { CliCommand } from "../command.ts";
import { describeInvite } from "../invite-link.ts";

export const volunteerInviteCommand: CliCommand = {
  path: ["volunteer", "invite"],
  summary: "issue a one-time invite code that links a volunteer's chat (they see only their own matches)",
  usage: "lotse volunteer invite --volunteer ID [--json]",
  options: { volunteer: { type: "string", description: "the volunteer's id" } },
  async run(options, { deps }) {
    const invite = await issueVolunteerInvite(deps, operator, { volunteerId: options.volunteer });
    return describeInvite(deps.store.settings, invite);
  },
};
