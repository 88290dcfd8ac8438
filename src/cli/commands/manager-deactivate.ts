import { operator } from "../../core/actor.ts";
import { deactivateManager } from "../../core/setup/deactivate-manager.ts";
import { setManagerActive } from "../../core/setup/set-manager-active.ts";
import type { CliCommand } from "../command.ts";
import { reassignedText } from "./manager-reassign.ts";

export const managerDeactivateCommand: CliCommand = {
  path: ["manager", "deactivate"],
  summary: "switch off a staff member who left: their chats lose access at once, their open cases go to a colleague in the same step",
  usage: "lotse manager deactivate --manager ID (--reassign-to ID | --reassign-later) [--json]",
  options: {
    manager: { type: "string", description: "the staff member's id" },
    "reassign-to": {
      type: "string",
      description: "the colleague who takes over their open cases now (each a handover: the client and the colleague are told)",
    },
    "reassign-later": {
      type: "boolean",
      description: "switch the chats off now and hand the cases over later with lotse manager reassign (their clients reach nobody until then)",
    },
  },
  async run(options, { deps }) {
    const result = await deactivateManager(deps, operator, {
      managerId: options.manager,
      reassignTo: options["reassign-to"],
      reassignLater: options["reassign-later"] === true,
    });
    const cases =
      result.openCases === 0
        ? "No open cases are assigned to them."
        : `${result.openCases} open case(s) are still assigned to them: reassign with: lotse manager reassign --from ${result.managerId} --to ID`;
    return {
      json: result,
      text: [
        result.changed ? `${result.name} is deactivated.` : `${result.name} was deactivated already.`,
        `Chat accounts switched off now: ${result.chatAccountsSwitchedOff}.`,
        ...(result.reassigned ? [reassignedText(result.reassigned)] : []),
        cases,
        "To let them back in later: lotse manager activate --manager ID, then lotse manager invite --manager ID.",
      ].join("\n"),
    };
  },
};

export const managerActivateCommand: CliCommand = {
  path: ["manager", "activate"],
  summary: "switch a deactivated staff member on again (they link a chat with a new invite: lotse manager invite)",
  usage: "lotse manager activate --manager ID [--json]",
  options: { manager: { type: "string", description: "the staff member's id" } },
  async run(options, { deps }) {
    const result = await setManagerActive(deps, operator, { managerId: options.manager, active: true });
    return {
      json: result,
      text: `${result.name} is ${result.changed ? "active again" : "active"}. Next: lotse manager invite --manager ${result.managerId}`,
    };
  },
};
