import { findClients } from "../cases/find-clients.ts";
import { extendPeriodForm, periodsReply } from "../counselling/period-chat.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { clientOffers, offerAreasReply, startAddOffer } from "../offers/offers-chat.ts";
import { supervisorReportReply } from "../reports/report-reply.ts";
import { staffListReply } from "../setup/staff-chat.ts";
import { addVolunteerForm, endMatchForm, matchForm, ownMatchesReply, volunteerRegisterReply } from "../volunteers/volunteer-chat.ts";
import { agendaReply } from "./agenda-view.ts";
import { openMessagesReply, startWriting, writeToClientForm } from "./conversation-flow.ts";
import { appointmentForm } from "./appointment-form.ts";
import { appointmentFromLine } from "./appointment-line.ts";
import type { ChatContext } from "./chat-context.ts";
import { singleMatchCard } from "./client-card-flow.ts";
import { clientStart, stopQuestion } from "./client-commands.ts";
import { clientQuietHoursQuestion } from "./client-quiet-hours.ts";
import { checkInsQuestion, languagePicker } from "./client-onboarding.ts";
import { clientAppointments, clientData, clientPlan, deleteQuestion } from "./client-self-service.ts";
import { helpLine, reply, type ChatCommand } from "./command-table.ts";
import { chatRoleOf, staffRoles, type ChatRole } from "./chat-role.ts";
import { consentsForm } from "./consents-form.ts";
import { workingTimesForm } from "./quiet-hours-forms.ts";
import { contactsForm } from "./contacts-form.ts";
import { inviteForm } from "./invite-form.ts";
import { logForm, quickLog } from "./log-form.ts";
import { startNewClient } from "./new-client-form.ts";
import { planCommand } from "./plan-flow.ts";
import type { Routed } from "./reply.ts";
import { reviewsDueReply } from "./review-flow.ts";
import { clientList } from "./staff-commands.ts";
import { strangerIntro, strangerStart } from "./stranger.ts";
import { clientUnlinkQuestion, unlinkQuestion } from "./unlink-chat.ts";

/**
 * The one command table: every command a person can type, for whom, and what it does. The router
 * (`route-inbound.ts`), /help, the Telegram commands menus, the Teams manifest's command list and the words that
 * work without a slash are all derived from it. Adding a command is one entry here (plus its texts).
 * Order matters: it is the order of menus and help.
 */

const staff = staffRoles;
const supervision = ["supervisor", "admin"] as const;
/** Staff who work cases themselves (the forms that change a case are theirs: `isStaffManager`). */
const managing = ["manager", "admin"] as const;

/** The client behind a client's chat context (the table gives client commands only to clients). */
function clientIdOf(context: ChatContext): string {
  if (context.actor.kind !== "client") throw new Error("a client command reached a chat that is not a client's");
  return context.actor.clientId;
}

/** The staff member behind a staff chat (the table gives staff commands only to staff). */
const staffName = (context: ChatContext): string => ("manager" in context.identified ? context.identified.manager.name : "");

/** A manager command with a client name after it (`/match Amina`) starts the form with that client when only one fits. */
async function prefillClient(context: ChatContext, query: string): Promise<{ clientId: string } | Record<string, never>> {
  if (!query) return {};
  const found = await findClients(context.deps, context.actor, { query, pageSize: 2 });
  const [only] = found.clients;
  return found.total === 1 && only ? { clientId: only.id } : {};
}

const forms = (outbound: Promise<Outbound[]>): Promise<Routed> => outbound.then((messages) => ({ outbound: messages }));

export const commands: readonly ChatCommand[] = [
  // strangers: link with an invite, or learn what Lotse is
  {
    name: "start",
    words: { de: ["start"], en: ["start", "link"] },
    roles: ["stranger"],
    takesArgs: true,
    menuKey: null,
    run: (context, args) => strangerStart(context, args),
  },
  {
    name: "help",
    words: { de: ["hilfe"], en: ["help"] },
    roles: ["stranger"],
    takesArgs: false,
    menuKey: null,
    run: async (context) => reply(strangerIntro(context)),
  },

  // clients
  {
    name: "start",
    words: { de: ["start"], en: ["start"] },
    roles: ["client"],
    takesArgs: true,
    menuKey: null,
    run: async (context, args) => {
      // An invite tapped on a phone that is linked already: nothing changes, and the chat says so.
      const started = await clientStart(context, clientIdOf(context));
      return args ? { outbound: [say("client.invite.already_linked"), ...started.outbound] } : started;
    },
  },
  {
    name: "appointments",
    words: { de: ["termine"], en: ["appointments"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.appointments",
    run: (context) => clientAppointments(context, clientIdOf(context)),
  },
  {
    name: "plan",
    words: { de: ["plan"], en: ["plan"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.plan",
    run: (context) => clientPlan(context, clientIdOf(context)),
  },
  {
    name: "mydata",
    words: { de: ["daten"], en: ["mydata"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.mydata",
    run: (context) => clientData(context, clientIdOf(context)),
  },
  {
    name: "language",
    words: { de: ["sprache"], en: ["language"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.language",
    run: async (context) => reply(languagePicker(context.language)),
  },
  {
    name: "offers",
    words: { de: ["angebote"], en: ["offers"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.offers",
    run: (context) => forms(clientOffers(context, context.language)),
  },
  {
    name: "questions",
    words: { de: ["fragen"], en: ["questions"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.questions",
    run: async () => reply(checkInsQuestion()),
  },
  {
    name: "quiet",
    words: { de: ["ruhezeiten", "ruhezeit"], en: ["quiet"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.quiet",
    run: async (context) => reply(await clientQuietHoursQuestion(context, clientIdOf(context))),
  },
  {
    name: "stop",
    // Alone, in the client's language too (Arabic and Persian, Ukrainian and Russian, Turkish, French).
    words: { de: ["stopp"], en: ["stop"], others: ["توقف", "стоп", "dur", "arrêt", "arrête"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.stop",
    run: async (context) => reply(await stopQuestion(context, clientIdOf(context))),
  },
  {
    name: "unlink",
    words: { de: ["trennen"], en: ["unlink"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.unlink",
    run: async () => reply(clientUnlinkQuestion()),
  },
  {
    name: "delete",
    words: { de: ["löschen"], en: ["delete"] },
    roles: ["client"],
    takesArgs: false,
    menuKey: "commands.client.delete",
    run: async () => reply(deleteQuestion()),
  },

  // staff
  {
    name: "start",
    words: { de: ["start"], en: ["start"] },
    roles: staff,
    takesArgs: true,
    menuKey: null,
    // A code on a chat that is linked already (a supervisor's invite on a manager's phone): not used, and why.
    run: async (context, args) => reply(args ? say("manager.already_linked", { name: staffName(context) }) : say("manager.welcome_back")),
  },
  {
    name: "newclient",
    words: { de: ["neu"], en: ["newclient"] },
    roles: managing,
    takesArgs: false,
    menuKey: "manager_commands.staff.newclient",
    inManifest: true,
    run: (context) => forms(startNewClient(context)),
  },
  {
    name: "invite",
    words: { de: ["einladung", "einladen"], en: ["invite"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.invite",
    helpKey: "manager_commands.help.invite",
    run: async (context, args) => forms(startForm(context, inviteForm, await prefillClient(context, args))),
  },
  {
    name: "clients",
    words: { de: ["klienten", "fälle"], en: ["clients"] },
    roles: staff,
    takesArgs: true,
    menuKey: "manager_commands.staff.clients",
    helpKey: "manager_commands.help.clients",
    inManifest: true,
    run: async (context, args) => reply((await singleMatchCard(context, args)) ?? (await clientList(context, args, 0))),
  },
  {
    name: "appointment",
    words: { de: ["termin"], en: ["appointment"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.appointment",
    helpKey: "manager_commands.help.appointment",
    inManifest: true,
    run: (context, args) => forms(args ? appointmentFromLine(context, args) : startForm(context, appointmentForm)),
  },
  {
    name: "log",
    words: { de: ["kontakt"], en: ["log"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.log",
    helpKey: "manager_commands.help.log",
    inManifest: true,
    run: (context, args) => forms(args ? quickLog(context, args) : startForm(context, logForm)),
  },
  {
    name: "contacts",
    words: { de: ["kontakte"], en: ["contacts"] },
    roles: staff,
    takesArgs: true,
    menuKey: "manager_commands.staff.contacts",
    helpKey: "manager_commands.help.contacts",
    run: async (context, args) => forms(startForm(context, contactsForm, await prefillClient(context, args))),
  },
  {
    name: "quiet",
    words: { de: ["ruhezeiten", "ruhezeit", "arbeitstage"], en: ["quiet"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.quiet",
    helpKey: "manager_commands.help.quiet",
    run: (context) => forms(startForm(context, workingTimesForm, {})),
  },
  {
    name: "consents",
    words: { de: ["einwilligungen"], en: ["consents"] },
    roles: staff,
    takesArgs: true,
    menuKey: "manager_commands.staff.consents",
    helpKey: "manager_commands.help.consents",
    run: async (context, args) => forms(startForm(context, consentsForm, await prefillClient(context, args))),
  },
  {
    name: "plan",
    words: { de: ["plan"], en: ["plan"] },
    roles: staff,
    takesArgs: true,
    menuKey: "manager_commands.staff.plan",
    helpKey: "manager_commands.help.plan",
    inManifest: true,
    run: (context, args) => forms(planCommand(context, args)),
  },
  {
    name: "review",
    words: { de: ["fortschreibung"], en: ["review"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.review",
    inManifest: true,
    run: (context) => forms(reviewsDueReply(context)),
  },
  {
    name: "agenda",
    words: { de: ["agenda", "heute"], en: ["agenda", "today"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.agenda",
    inManifest: true,
    run: (context) => forms(agendaReply(context)),
  },
  {
    name: "messages",
    words: { de: ["nachrichten"], en: ["messages"] },
    roles: managing,
    takesArgs: false,
    menuKey: "manager_commands.staff.messages",
    run: (context) => forms(openMessagesReply(context)),
  },
  {
    name: "write",
    words: { de: ["schreiben"], en: ["write"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.write",
    helpKey: "manager_commands.help.write",
    run: async (context, args) => {
      const prefill = await prefillClient(context, args);
      if ("clientId" in prefill) return forms(startWriting(context, prefill.clientId));
      // A name that fits nobody of the caseload: say so (the picker would offer nobody).
      if (args && (await findClients(context.deps, context.actor, { query: args, pageSize: 1 })).total === 0) {
        return reply(say("manager.clients.none_found", { query: args }));
      }
      return forms(startForm(context, writeToClientForm, {}));
    },
  },
  {
    name: "offers",
    words: { de: ["angebote"], en: ["offers"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.offers",
    inManifest: true,
    run: async () => ({ outbound: offerAreasReply() }),
  },
  {
    name: "offeradd",
    words: { de: ["angebotneu"], en: ["offeradd"] },
    roles: managing,
    takesArgs: false,
    menuKey: "manager_commands.staff.offeradd",
    run: (context) => forms(startAddOffer(context)),
  },
  {
    name: "volunteers",
    words: { de: ["ehrenamtliche"], en: ["volunteers"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.volunteers",
    run: (context) => forms(volunteerRegisterReply(context)),
  },
  {
    name: "volunteeradd",
    words: { de: ["ehrenamtneu"], en: ["volunteeradd"] },
    roles: managing,
    takesArgs: false,
    menuKey: "manager_commands.staff.volunteeradd",
    run: (context) => forms(startForm(context, addVolunteerForm)),
  },
  {
    name: "match",
    words: { de: ["vermitteln"], en: ["match"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.match",
    helpKey: "manager_commands.help.match",
    run: async (context, args) => forms(startForm(context, matchForm, await prefillClient(context, args))),
  },
  {
    name: "matchend",
    words: { de: ["vermittlungende"], en: ["matchend"] },
    roles: managing,
    takesArgs: false,
    menuKey: "manager_commands.staff.matchend",
    run: (context) => forms(startForm(context, endMatchForm)),
  },
  {
    name: "periods",
    words: { de: ["zeiträume"], en: ["periods"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.periods",
    run: (context) => forms(periodsReply(context)),
  },
  {
    name: "extend",
    words: { de: ["verlängern"], en: ["extend"] },
    roles: managing,
    takesArgs: true,
    menuKey: "manager_commands.staff.extend",
    run: async (context, args) => forms(startForm(context, extendPeriodForm, await prefillClient(context, args))),
  },
  {
    name: "report",
    words: { de: ["bericht"], en: ["report"] },
    roles: supervision,
    takesArgs: false,
    menuKey: "manager_commands.staff.report",
    refusedKey: "manager_reports.refused",
    inManifest: true,
    run: (context) => forms(supervisorReportReply(context)),
  },
  {
    name: "staff",
    words: { de: ["team"], en: ["staff"] },
    roles: supervision,
    takesArgs: false,
    menuKey: "manager_commands.staff.staff",
    refusedKey: "manager_staff.refused",
    run: (context) => forms(staffListReply(context)),
  },
  {
    name: "unlink",
    words: { de: ["trennen"], en: ["unlink"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.unlink",
    run: async () => reply(unlinkQuestion()),
  },
  // With a form running, /cancel ends it before the table is asked (form-runner.ts); here nothing is running.
  {
    name: "cancel",
    words: { de: ["abbrechen"], en: ["cancel"] },
    roles: staff,
    takesArgs: false,
    menuKey: "manager_commands.staff.cancel",
    run: async () => reply(say("manager.nothing_to_cancel")),
  },

  // volunteers
  {
    name: "start",
    words: { de: ["start"], en: ["start"] },
    roles: ["volunteer"],
    takesArgs: true,
    menuKey: null,
    run: (context) => forms(ownMatchesReply(context)),
  },
  {
    name: "matches",
    words: { de: ["begleitungen"], en: ["matches"] },
    roles: ["volunteer"],
    takesArgs: false,
    menuKey: "volunteers.volunteer.menu.matches",
    run: (context) => forms(ownMatchesReply(context)),
  },

  // everyone who is linked: the help is derived from this table
  {
    name: "help",
    words: { de: ["hilfe"], en: ["help"] },
    roles: ["client", ...staff, "volunteer"],
    takesArgs: false,
    menuKey: "commands.help",
    inManifest: true,
    run: async (context) => reply(helpFor(chatRoleOf(context))),
  },
];

/** The help text key per role: its text holds `{{commands}}`, where the role's commands are listed. */
const helpKeys: Record<ChatRole, string> = {
  manager: "manager.help",
  supervisor: "manager.help",
  admin: "manager.help",
  client: "client.help",
  volunteer: "volunteers.volunteer.help",
  stranger: "client.stranger.intro",
};

/** The commands a role can use, in table order. */
export const commandsFor = (role: ChatRole): ChatCommand[] => commands.filter((command) => command.roles.includes(role));

/** The commands of a role that a menu or the help lists (not /start, which the chat app sends itself). */
export const listedCommandsFor = (role: ChatRole): ChatCommand[] => commandsFor(role).filter((command) => command.menuKey !== null);

/** /help of a role: what they can type, one line per command, as the menus list them. */
export function helpFor(role: ChatRole): Outbound {
  const lines = listedCommandsFor(role)
    .filter((command) => command.name !== "help")
    .map(helpLine);
  return { parts: [{ key: helpKeys[role], params: { commands: { t: "lines", items: lines } } }] };
}

/** A command of this role by its name (after the slash). */
export const findCommand = (role: ChatRole, name: string): ChatCommand | undefined => commandsFor(role).find((command) => command.name === name);

/**
 * What staff are told when they type a command of another staff role (a manager's /report): why not, then the help.
 * Clients, volunteers and strangers just get their help: another role's command names mean nothing to them.
 */
export function refusalFor(role: ChatRole, name: string): Outbound[] {
  const other = (staffRoles as readonly ChatRole[]).includes(role)
    ? commands.find((command) => command.name === name && command.roles.some((r) => (staffRoles as readonly ChatRole[]).includes(r)))
    : undefined;
  return other ? [say(other.refusedKey ?? "errors.forbidden"), helpFor(role)] : [helpFor(role)];
}

const firstWord = /^(\S+)(?:\s+([\s\S]*))?$/;

/**
 * Plain text that starts a command without the slash, for this role: "termin", "plan Amina", "link ABCD-2345".
 * Null when the text is not one of the role's command words (or has more after a word whose command takes nothing).
 */
export function commandFromWords(role: ChatRole, text: string): { command: ChatCommand; args: string } | null {
  const match = firstWord.exec(text.trim());
  if (!match) return null;
  const word = (match[1] ?? "").toLowerCase();
  const args = (match[2] ?? "").trim();
  const command = commandsFor(role).find(
    (candidate) => candidate.words.de.includes(word) || candidate.words.en.includes(word) || (candidate.words.others?.includes(word) ?? false),
  );
  if (!command || (args && !command.takesArgs)) return null;
  return { command, args };
}
