import type { Channel, ChannelIdentity } from "../core/identities/model.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import type { Store } from "../core/ports/store.ts";
import { LATER_REPLY_KEY } from "../core/chat/queue-unsent-reply.ts";
import type { QuietHours } from "../core/reminders/quiet-hours.ts";
import { allowedFrom, clientQuietHours, staffQuietHours } from "../core/reminders/recipient-quiet.ts";
import { loadReminderSettings } from "../core/reminders/recipient-zone.ts";
import { clientLanguageFromLocale } from "../core/shared/languages.ts";
import type { VolunteerIdentity } from "../core/volunteers/model.ts";
import { mayStillMessageClient } from "../core/reminders/send-checks.ts";
import type { Recipient } from "./ports.ts";

/** Managers have no language of their own yet: their chat app's language, else German. */
export const defaultManagerLanguage = "de";

export type Resolution =
  | { kind: "deliver"; recipient: Recipient }
  /** Must not be sent (consent withdrawn, person gone). */
  | { kind: "cancel"; reason: string }
  /** Nobody to send it to: no active chat account on a channel we can send on. */
  | { kind: "unreachable"; reason: "no_account" }
  /** Not now: inside the recipient's quiet hours; due again when they end. */
  | { kind: "wait"; until: Date };

type People = Pick<Store, "clients" | "managers" | "identities" | "consents" | "tenants" | "settings" | "volunteers" | "volunteerAccess">;

/** Volunteers read Lotse in their chat app's language where Lotse has it (like /matches), else German. */
const defaultVolunteerLanguage = "de";

/**
 * A volunteer's chat account in the shape the senders take. Volunteers' accounts are a table of their own
 * (VolunteerIdentity) without a conversation reference: a private Telegram chat is the user's id; a Teams account
 * cannot be written to first, so only Telegram accounts are used.
 */
function volunteerChannelIdentity(link: VolunteerIdentity): ChannelIdentity {
  return {
    id: `volunteer:${link.channel}:${link.externalId}`,
    channel: link.channel as Channel,
    externalId: link.externalId,
    conversationRef: null,
    managerId: null,
    clientId: null,
    locale: link.locale,
    active: true,
    linkedAt: link.linkedAt,
    deactivatedAt: null,
  };
}

/**
 * Looks up recipients at the moment of sending. People, zones and chat accounts are cached for one tick (a
 * deactivated identity is dropped from the cache at once); the consent ledger is read for every client message.
 */
export class RecipientResolver {
  readonly #store: People;
  readonly #channels: ReadonlySet<Channel>;
  readonly #cache = new Map<string, Promise<unknown>>();
  /** The installation's zone, for a tenant that is gone. */
  readonly #defaultZone: string;

  constructor(store: People, channels: Iterable<Channel>, defaultZone: string) {
    this.#store = store;
    this.#channels = new Set(channels);
    this.#defaultZone = defaultZone;
  }

  /**
   * Who receives the message now, or why not. Every message waits out its recipient's quiet hours (their own, else
   * their tenant's), whatever planned it; only a late reply to the person's own tap goes at once (they just asked).
   */
  async resolve(message: OutboxMessage, now: Date): Promise<Resolution> {
    const resolution =
      message.recipientKind === "client"
        ? await this.#client(message)
        : message.recipientKind === "volunteer"
          ? await this.#volunteer(message)
          : await this.#manager(message);
    if (resolution.kind !== "deliver" || message.messageKey === LATER_REPLY_KEY) return resolution;
    const until = allowedFrom(now, resolution.recipient.timezone, await this.#quietHours(message));
    return until.getTime() > now.getTime() ? { kind: "wait", until } : resolution;
  }

  /** Forgets a person's chat accounts (after one was deactivated). */
  forgetIdentities(kind: Recipient["kind"], id: string): void {
    this.#cache.delete(`identities:${kind}:${id}`);
  }

  /** Active identities of a person on channels with a sender, newest first. */
  async identities(kind: Recipient["kind"], id: string): Promise<ChannelIdentity[]> {
    const all = await this.#cached(`identities:${kind}:${id}`, async () =>
      kind === "client"
        ? this.#store.identities.listForClient(id)
        : kind === "volunteer"
          ? (await this.#store.volunteerAccess.listIdentities(id)).filter((link) => link.channel === "telegram").map(volunteerChannelIdentity)
          : this.#store.identities.listForManager(id),
    );
    return all.filter((identity) => identity.active && this.#channels.has(identity.channel));
  }

  async #client(message: OutboxMessage): Promise<Resolution> {
    const client = await this.#cached(`client:${message.recipientId}`, () => this.#store.clients.get(message.recipientId));
    if (!client || client.anonymizedAt) return { kind: "cancel", reason: "client gone" };
    const ledger = await this.#store.consents.listForClient(client.id);
    if (!mayStillMessageClient(ledger, message.dedupeKey)) return { kind: "cancel", reason: "consent withdrawn" };
    const identity = (await this.identities("client", client.id))[0];
    if (!identity) return { kind: "unreachable", reason: "no_account" };
    const timezone = client.timezone ?? (await this.#zone(client.tenantId));
    return { kind: "deliver", recipient: { kind: "client", id: client.id, name: client.name, language: client.language, timezone, identity } };
  }

  async #manager(message: OutboxMessage): Promise<Resolution> {
    const manager = await this.#cached(`manager:${message.recipientId}`, () => this.#store.managers.get(message.recipientId));
    if (!manager?.active) return { kind: "cancel", reason: "manager inactive" };
    const identity = (await this.identities("manager", manager.id))[0];
    if (!identity) return { kind: "unreachable", reason: "no_account" };
    const language = identity.locale?.slice(0, 2) || defaultManagerLanguage;
    const timezone = await this.#zone(manager.tenantId);
    return { kind: "deliver", recipient: { kind: "manager", id: manager.id, name: manager.name, language, timezone, identity } };
  }

  async #volunteer(message: OutboxMessage): Promise<Resolution> {
    const volunteer = await this.#cached(`volunteer:${message.recipientId}`, () => this.#store.volunteers.get(message.recipientId));
    if (!volunteer?.active) return { kind: "cancel", reason: "volunteer inactive" };
    const identity = (await this.identities("volunteer", volunteer.id))[0];
    if (!identity) return { kind: "unreachable", reason: "no_account" };
    const language = clientLanguageFromLocale(identity.locale) ?? defaultVolunteerLanguage;
    const timezone = await this.#zone(volunteer.tenantId);
    return { kind: "deliver", recipient: { kind: "volunteer", id: volunteer.id, name: volunteer.name, language, timezone, identity } };
  }

  async #quietHours(message: OutboxMessage): Promise<QuietHours> {
    if (message.recipientKind === "volunteer") {
      // Volunteers have no quiet hours of their own: the tenant's.
      const volunteer = await this.#cached(`volunteer:${message.recipientId}`, () => this.#store.volunteers.get(message.recipientId));
      const tenantId = volunteer?.tenantId ?? message.tenantId;
      return (await this.#cached(`settings:${tenantId ?? ""}`, () => loadReminderSettings(this.#store, tenantId))).quietHours;
    }
    const person =
      message.recipientKind === "client"
        ? await this.#cached(`client:${message.recipientId}`, () => this.#store.clients.get(message.recipientId))
        : await this.#cached(`manager:${message.recipientId}`, () => this.#store.managers.get(message.recipientId));
    const tenantId = person?.tenantId ?? message.tenantId;
    const settings = await this.#cached(`settings:${tenantId ?? ""}`, () => loadReminderSettings(this.#store, tenantId));
    if (!person) return settings.quietHours;
    return message.recipientKind === "client" ? clientQuietHours(person, settings) : staffQuietHours(person, settings);
  }

  async #zone(tenantId: string): Promise<string> {
    const tenant = await this.#cached(`tenant:${tenantId}`, () => this.#store.tenants.get(tenantId));
    return tenant?.timezone ?? this.#defaultZone;
  }

  #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.#cache.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      this.#cache.set(key, value);
      value.catch(() => this.#cache.delete(key));
    }
    return value;
  }
}
