import type { ConnectorCall, FakeConnector } from "./fake-connector.ts";
import { cardOf, elements } from "./teams-text.ts";

/** A person in their personal Teams chat with the bot. */
export interface TeamsPerson {
  id: string;
  conversation: string;
  locale: string;
  aadObjectId?: string;
}

const BOT_ID = "28:lotse-bot";
const TEAMS_TENANT = "11111111-2222-3333-4444-242424242424";

/**
 * Plays people in Teams through real HTTP (activities POSTed to /api/messages of an app started with
 * TEAMS_DEV_UNAUTHENTICATED) and reads what the app sent from the fake Bot Framework connector. Replies to an
 * activity are recorded before the POST returns; proactive messages (from the outbox) come with the dispatcher's next
 * tick (`eventually` waits for them).
 */
export class TeamsDriver {
  readonly #connector: FakeConnector;
  readonly #address: string;
  readonly #prefix: string;
  #nextActivity = 1;

  constructor(connector: FakeConnector, address: string, prefix = "act-lc") {
    this.#connector = connector;
    this.#address = address;
    this.#prefix = prefix;
  }

  #activity(person: TeamsPerson, fields: Record<string, unknown>) {
    return {
      id: `${this.#prefix}-${this.#nextActivity++}`,
      channelId: "msteams",
      serviceUrl: `${this.#connector.url}/`,
      timestamp: new Date().toISOString(),
      locale: person.locale,
      from: { id: person.id, name: "Person", ...(person.aadObjectId ? { aadObjectId: person.aadObjectId } : {}) },
      recipient: { id: BOT_ID, name: "Lotse" },
      conversation: { id: person.conversation, conversationType: "personal", tenantId: TEAMS_TENANT },
      channelData: { tenant: { id: TEAMS_TENANT } },
      ...fields,
    };
  }

  /** Everything the connector received for the person's conversation, oldest first. */
  calls(person: TeamsPerson): ConnectorCall[] {
    return this.#connector.inConversation(person.conversation);
  }

  /** Posts an activity; returns what the connector received in the person's conversation meanwhile (the replies). */
  async post(person: TeamsPerson, fields: Record<string, unknown>): Promise<ConnectorCall[]> {
    const before = this.calls(person).length;
    const response = await fetch(`${this.#address}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(this.#activity(person, fields)),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/api/messages answered ${response.status}`);
    return this.calls(person).slice(before);
  }

  /** Text typed by the person. */
  write(person: TeamsPerson, text: string): Promise<ConnectorCall[]> {
    return this.post(person, { type: "message", text });
  }

  /** Fills in a card (or taps one of its buttons, by title): Teams sends the action's data merged with the inputs. */
  submit(person: TeamsPerson, card: ConnectorCall | undefined, values: Record<string, unknown>, title?: string): Promise<ConnectorCall[]> {
    const action = elements(card, "Action.Submit").find((element) => title === undefined || element.title === title);
    if (!action) throw new Error(`no button ${title ?? ""} in ${JSON.stringify(cardOf(card))}`);
    return this.post(person, { type: "message", replyToId: card?.storedId, value: { ...(action.data as Record<string, unknown>), ...values } });
  }

  /** Proactive messages to the person (not replies to an activity they sent), from call `from` on. */
  proactive(person: TeamsPerson, from = 0): ConnectorCall[] {
    return this.calls(person)
      .slice(from)
      .filter((call) => call.kind === "send" && !call.activityId?.startsWith(this.#prefix));
  }

  /** Resolves once `check` holds; polls the connector's record (updated by the app's own requests). */
  async eventually<T>(what: string, check: () => T | undefined | null | false, deadlineMs = 8000): Promise<T> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const result = check();
      if (result) return result;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The card's Input.ChoiceSet `id`: its choices. */
export function choicesOf(call: ConnectorCall | undefined, id: string): { title: string; value: string }[] {
  const set = elements(call, "Input.ChoiceSet").find((element) => element.id === id);
  return (set?.choices as { title: string; value: string }[] | undefined) ?? [];
}

/** The ids of the card's inputs, in card order. */
export const inputIdsOf = (call: ConnectorCall | undefined): string[] =>
  ["Input.Text", "Input.ChoiceSet", "Input.Date", "Input.Time", "Input.Number", "Input.Toggle"].flatMap((type) =>
    elements(call, type).map((element) => String(element.id)),
  );

/** The titles of the card's buttons. */
export const buttonTitlesOf = (call: ConnectorCall | undefined): string[] => elements(call, "Action.Submit").map((action) => String(action.title));
