import type { CoreDeps } from "../core/deps.ts";
import { clientLanguages, languageOwnNames, type ClientLanguage } from "../core/shared/languages.ts";
import { isRtl } from "../i18n/languages.ts";
import { createDemoData, type DemoData } from "./demo-data.ts";
import type { ChatMessage, FakeBotApi, PhoneUser } from "./fake-bot-api.ts";
import type { PlaygroundClock } from "./playground-clock.ts";

/** The three phones of the page: the integration manager's, the client's and the supervisor's (Fachaufsicht). */
export const phoneNames = ["manager", "client", "supervisor"] as const;
export type PhoneName = (typeof phoneNames)[number];
export type ClockStep = "hour" | "day" | "next";

export interface PhoneState {
  userId: number;
  /** Whom the phone's Telegram account is linked to; null while it is not linked. */
  name: string | null;
  languageCode: string;
  messages: ChatMessage[];
  toast: string | null;
}

export interface PlaygroundState {
  version: number;
  /** The page formats the time in its own language. */
  clock: { now: string; timezone: string };
  phones: Record<PhoneName, PhoneState>;
  /** The newest invite meant for the client phone: from the demo data or a link in the manager's chat. */
  invite: { code: string; link: string | null } | null;
  demo: Omit<DemoData, "managerCode" | "supervisorCode" | "clientInvite"> | null;
  languages: { code: ClientLanguage; name: string; rtl: boolean }[];
}

export interface ClockMove {
  moved: boolean;
  now: string;
}

export interface PlaygroundSessionDeps {
  deps: CoreDeps;
  fake: FakeBotApi;
  clock: PlaygroundClock;
  timezone: string;
  /** Runs the dispatcher and the scheduled jobs once (App.runDueWork). */
  runDueWork: () => Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;
const inviteLink = /\?start=([\w-]+)/;

/**
 * The three phones of the playground page and what the page can do with them. Each "demo data" gives every phone
 * fresh Telegram user ids, so earlier runs (kept in the database) never get in the way.
 */
export class PlaygroundSession {
  readonly #services: PlaygroundSessionDeps;
  #nextUserId: number;
  #manager: PhoneUser;
  #client: PhoneUser;
  #supervisor: PhoneUser;
  /** The client phone's Telegram language, which the next demo client speaks too. */
  #clientLanguage: ClientLanguage = "de";
  #demo: DemoData | null = null;
  #demoRuns = 0;
  #version = 0;

  constructor(services: PlaygroundSessionDeps) {
    this.#services = services;
    // Above any id a test or an earlier run is likely to have used; Telegram user ids are up to 52 bits.
    this.#nextUserId = 5_000_000_000 + (Date.now() % 1_000_000_000) * 2;
    this.#manager = { id: this.#newUserId(), firstName: "Eva", languageCode: "de" };
    this.#client = { id: this.#newUserId(), firstName: "Amina", languageCode: this.#clientLanguage };
    this.#supervisor = { id: this.#newUserId(), firstName: "Jonas", languageCode: "de" };
  }

  #newUserId(): number {
    this.#nextUserId += 1;
    return this.#nextUserId;
  }

  #phone(name: PhoneName): PhoneUser {
    return name === "manager" ? this.#manager : name === "client" ? this.#client : this.#supervisor;
  }

  async state(): Promise<PlaygroundState> {
    const now = this.#services.clock.now();
    const phone = async (user: PhoneUser): Promise<PhoneState> => ({
      userId: user.id,
      name: await this.#linkedName(user),
      languageCode: user.languageCode,
      messages: this.#services.fake.history(user.id),
      toast: this.#services.fake.toast(user.id),
    });
    return {
      // Both only grow, so their sum changes whenever either does.
      version: this.#services.fake.version + this.#version,
      clock: { now: now.toISOString(), timezone: this.#services.timezone },
      phones: {
        manager: await phone(this.#manager),
        client: await phone(this.#client),
        supervisor: await phone(this.#supervisor),
      },
      invite: this.#currentInvite(),
      demo: this.#demo
        ? {
            tenantName: this.#demo.tenantName,
            managerName: this.#demo.managerName,
            supervisorName: this.#demo.supervisorName,
            clientName: this.#demo.clientName,
          }
        : null,
      languages: clientLanguages.map((code) => ({ code, name: languageOwnNames[code], rtl: isRtl(code) })),
    };
  }

  /** Whom the phone's Telegram account is linked to, as the store knows it. */
  async #linkedName(user: PhoneUser): Promise<string | null> {
    const { store } = this.#services.deps;
    const identity = await store.identities.findByExternal("telegram", String(user.id));
    if (!identity?.active) return null;
    if (identity.managerId) return (await store.managers.get(identity.managerId))?.name ?? null;
    if (identity.clientId) return (await store.clients.get(identity.clientId))?.name ?? null;
    return null;
  }

  /** The newest invite link in the manager's chat (e.g. from /newclient), else the demo data's client invite. */
  #currentInvite(): PlaygroundState["invite"] {
    const messages = this.#services.fake.history(this.#manager.id);
    for (const message of [...messages].reverse()) {
      const code = message.from === "bot" ? inviteLink.exec(message.html)?.[1] : undefined;
      if (code) return { code, link: /href="([^"]+)"/.exec(message.html)?.[1] ?? null };
    }
    return this.#demo?.clientInvite ?? null;
  }

  send(phone: PhoneName, text: string): void {
    this.#services.fake.userSends(this.#phone(phone), text);
  }

  /** False when the phone's chat has no such bot message. */
  tap(phone: PhoneName, messageId: number, data: string): boolean {
    return this.#services.fake.userTaps(this.#phone(phone), messageId, data);
  }

  /** Telegram's `language_code` of the client phone's next updates, and the language of the next demo client. */
  setClientLanguage(language: ClientLanguage): void {
    this.#clientLanguage = language;
    this.#client = { ...this.#client, languageCode: language };
    this.#version += 1;
  }

  /**
   * Fresh phones, a tenant, a manager and a supervisor who link their phones with `/start <code>`, an invite for the
   * client's phone.
   */
  async createDemoData(): Promise<void> {
    this.#demoRuns += 1;
    const demo = await createDemoData(this.#services.deps, this.#services.timezone, this.#demoRuns, this.#clientLanguage);
    this.#manager = { id: this.#newUserId(), firstName: "Eva", languageCode: "de" };
    this.#client = { id: this.#newUserId(), firstName: "Amina", languageCode: this.#clientLanguage };
    this.#supervisor = { id: this.#newUserId(), firstName: "Jonas", languageCode: "de" };
    this.#demo = demo;
    this.#version += 1;
    this.send("manager", `/start ${demo.managerCode}`);
    this.send("supervisor", `/start ${demo.supervisorCode}`);
  }

  async moveClock(step: ClockStep): Promise<ClockMove> {
    const { clock } = this.#services;
    let moved = true;
    if (step === "hour") clock.advance(HOUR_MS);
    else if (step === "day") clock.advance(24 * HOUR_MS);
    else {
      const next = await this.#nextPlannedMessage();
      moved = next !== null;
      if (next) clock.advanceTo(next);
    }
    this.#version += 1;
    await this.#services.runDueWork();
    return { moved, now: clock.now().toISOString() };
  }

  /** When the next message planned for one of the phones' people is due (reminders, notices, check-ins). */
  async #nextPlannedMessage(): Promise<Date | null> {
    const { store, clock } = this.#services.deps;
    const now = clock.now().getTime();
    const due: number[] = [];
    for (const user of [this.#manager, this.#client, this.#supervisor]) {
      const identity = await store.identities.findByExternal("telegram", String(user.id));
      if (!identity?.active) continue;
      const rows = identity.managerId
        ? await store.outbox.listPendingForRecipient("manager", identity.managerId)
        : identity.clientId
          ? await store.outbox.listPendingForRecipient("client", identity.clientId)
          : [];
      due.push(...rows.map((row) => row.dueAt.getTime()).filter((time) => time > now));
    }
    return due.length > 0 ? new Date(Math.min(...due)) : null;
  }
}
