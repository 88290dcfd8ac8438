import type { Gender } from "../../src/core/cases/model.ts";
import { escapeHtml, type Translator } from "../../src/i18n/index.ts";
import type { ApiCall } from "./fake-telegram.ts";
import { buttonsOf, textOf, type Button, type TelegramDriver } from "./telegram-app.ts";

/** A manager's Telegram chat as a test plays it: each turn returns the bot's replies to it. */
export interface ManagerChat {
  say(text: string): Promise<ApiCall[]>;
  tap(data: string): Promise<ApiCall[]>;
}

/** The manager `userId`'s chat through a TelegramDriver. */
export const managerChat = (chat: TelegramDriver, userId: number): ManagerChat => ({
  say: (text) => chat.say(userId, text),
  tap: (data) => chat.press(userId, data),
});

/** How the manager answers /newclient's questions; the buttons are tapped by their labels. */
export interface NewClientAnswers {
  name: string;
  /** The language's own name, as on its button ("Українська"). */
  language: string;
  gender: Gender;
  /**
   * Asked only when the caseload has an open client (else a new household is decided beforehand): "new" (the
   * default), or the names of a family of the caseload as its button shows them ("Olena Koval").
   */
  household?: "new" | { family: string };
  /**
   * Asked only for a new household when not decided beforehand (the manager works in several municipalities of a
   * tenant that has some): a municipality's name, or "none". Asked without an answer given here: the run fails.
   */
  municipality?: string;
  /** Yes (the default): the invite is shown. No: created without one. */
  ownPhone?: boolean;
  /** The start of follow-up housing, typed as a manager would ("1.3.2027"); left out: skipped (today). */
  startedOn?: string;
}

/** The questions of /newclient in the order the chat asks them (household and municipality only under conditions). */
export const newClientQuestions = {
  name: "manager.newclient.name",
  language: "manager.newclient.language",
  gender: "manager.newclient.gender",
  household: "manager.newclient.household",
  municipality: "manager.newclient.municipality",
  ownPhone: "manager.newclient.own_phone",
  startedOn: "manager.newclient.started_on",
} as const;

export interface NewClientRun {
  /** The keys of the questions asked, in order. */
  asked: string[];
  /** The message of each question asked, by its key (its text and buttons). */
  questions: Record<string, ApiCall>;
  /** What the last answer brought: the invite (link and QR code), or the note that the person was created without. */
  created: ApiCall[];
}

/**
 * /newclient played to the end in the manager's chat (German unless `language` says otherwise): types the name,
 * taps the language, the gender, the household and municipality when asked, yes or no for the own phone, and skips
 * or types the start date. Each question must be the one expected next (its text rendered by `translator`), so a
 * changed flow fails here, naming what came instead.
 */
export async function newClientInChat(chat: ManagerChat, translator: Translator, answers: NewClientAnswers, language = "de"): Promise<NewClientRun> {
  const label = (key: string, params?: Record<string, string>) => translator.renderText(key, params, language);
  const asked: string[] = [];
  const questions: Record<string, ApiCall> = {};
  let replies = await chat.say("/newclient");
  // The question among the replies: a message from the outbox (a client who just joined) may come in between.
  let current: ApiCall | undefined;
  const questionOf = (key: string) => [...replies].reverse().find((reply) => textOf(reply) === escapeHtml(label(key)));
  const said = () => JSON.stringify(replies.map(textOf));
  const isAsked = (key: string) => questionOf(key) !== undefined;
  const noteAsked = (key: string) => {
    current = questionOf(key);
    if (!current) throw new Error(`/newclient: expected ${key}, the chat said ${said()}`);
    asked.push(key);
    questions[key] = current;
  };
  const tap = async (text: string) => {
    const buttons: Button[] = buttonsOf(current);
    const button = buttons.find((b) => b.text === text);
    if (!button?.callback_data) throw new Error(`/newclient: no button ${text} under ${textOf(current)}: ${JSON.stringify(buttons.map((b) => b.text))}`);
    replies = await chat.tap(button.callback_data);
  };

  noteAsked(newClientQuestions.name);
  replies = await chat.say(answers.name);
  noteAsked(newClientQuestions.language);
  await tap(answers.language);
  noteAsked(newClientQuestions.gender);
  await tap(label(`manager.newclient.gender_${answers.gender}`));
  const household = answers.household ?? "new";
  if (isAsked(newClientQuestions.household)) {
    noteAsked(newClientQuestions.household);
    await tap(household === "new" ? label("manager.newclient.household_new") : label("manager.newclient.household_join", { names: household.family }));
  } else if (household !== "new") {
    throw new Error(`/newclient: the household was not asked; the chat said ${said()}`);
  }
  if (isAsked(newClientQuestions.municipality)) {
    noteAsked(newClientQuestions.municipality);
    if (answers.municipality === undefined) throw new Error("/newclient asked the municipality; the test gave none");
    await tap(answers.municipality === "none" ? label("manager.newclient.municipality_none") : answers.municipality);
  } else if (answers.municipality !== undefined) {
    throw new Error(`/newclient: the municipality was not asked; the chat said ${said()}`);
  }
  noteAsked(newClientQuestions.ownPhone);
  await tap(label(answers.ownPhone === false ? "dialog.button.no" : "dialog.button.yes"));
  noteAsked(newClientQuestions.startedOn);
  if (answers.startedOn === undefined) await tap(label("dialog.button.skip"));
  else replies = await chat.say(answers.startedOn);
  return { asked, questions, created: replies };
}

/** The invite code in the deep link (`…?start=<code>`) of the replies; "" when there is none. */
export const inviteCodeOf = (replies: ApiCall[]): string =>
  replies
    .map(textOf)
    .map((text) => /\?start=([\w-]+)/.exec(text)?.[1])
    .find(Boolean) ?? "";
