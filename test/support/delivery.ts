import type { Channel, ChannelIdentity } from "../../src/core/identities/model.ts";
import type { CheckedOutboxParams, OutboxMessageKey, OutboxParams } from "../../src/core/outbox/message-kinds.ts";
import type { OutboxMessage, PlannedMessage } from "../../src/core/outbox/model.ts";
import { planMessage } from "../../src/core/outbox/plan-message.ts";
import { runDispatchTick, type DispatcherDeps, type DispatcherSettings, type TickReport } from "../../src/delivery/dispatcher.ts";
import type { ChannelSender, Recipient, RenderedMessage, SendError } from "../../src/delivery/ports.ts";
import { RateLimiter, type RateLimits } from "../../src/delivery/rate-limiter.ts";
import { stubRenderer } from "../../src/delivery/stub-renderer.ts";
import type { TestCore } from "./core-deps.ts";
import type { FakeClock } from "./fake-clock.ts";

export interface RecordedSend {
  at: Date;
  channel: Channel;
  identityId: string;
  recipient: Recipient;
  message: RenderedMessage;
}

/** A channel sender that records what it was asked to send; failures can be scripted per send. */
export class FakeSender implements ChannelSender {
  readonly sent: RecordedSend[] = [];
  readonly attempts: RecordedSend[] = [];
  #script: (SendError | Error)[] = [];
  #next = 0;
  readonly channel: Channel;
  readonly #clock: { now(): Date };

  constructor(channel: Channel, clock: { now(): Date }) {
    this.channel = channel;
    this.#clock = clock;
  }

  /** The next sends fail with these, in order; then sends succeed again. */
  failNext(...errors: (SendError | Error)[]): void {
    this.#script.push(...errors);
  }

  async send(recipient: Recipient, message: RenderedMessage) {
    const record = { at: this.#clock.now(), channel: this.channel, identityId: recipient.identity.id, recipient, message };
    this.attempts.push(record);
    const failure = this.#script.shift();
    if (failure) throw failure;
    this.sent.push(record);
    this.#next += 1;
    return { providerMessageId: `${this.channel}:${this.#next}` };
  }
}

export interface DeliveryHarness {
  deps: DispatcherDeps;
  telegram: FakeSender;
  teams: FakeSender;
  tick(options?: { signal?: AbortSignal }): Promise<TickReport>;
  rows(): OutboxMessage[];
}

/**
 * Dispatcher dependencies from fakes: the in-memory store, the fake clock, fake senders, and a sleep that only
 * moves the fake clock (no real waiting in unit tests).
 */
export function deliveryHarness(
  core: TestCore,
  options: { settings?: Partial<DispatcherSettings>; limits?: RateLimits; random?: () => number } = {},
): DeliveryHarness {
  const telegram = new FakeSender("telegram", core.clock);
  const teams = new FakeSender("teams", core.clock);
  const deps: DispatcherDeps = {
    store: core.store,
    clock: core.clock,
    ids: core.deps.ids,
    defaultZone: core.deps.defaultZone,
    senders: { telegram, teams },
    renderer: stubRenderer,
    limiter: new RateLimiter(options.limits),
    random: options.random ?? (() => 0.5),
    sleep: virtualSleep(core.clock),
    settings: { concurrency: 1, ...options.settings },
  };
  return {
    deps,
    telegram,
    teams,
    tick: (tickOptions) => runDispatchTick(deps, tickOptions),
    rows: () => [...core.store.state.outbox.values()],
  };
}

/**
 * A sleep in virtual time: sleepers wake in order of their wake-up time, and the fake clock jumps to it once every
 * concurrent worker is waiting (checked with setImmediate, after the in-memory store's promises have settled).
 * So concurrent senders see the same timeline real ones would, without real waiting.
 */
export function virtualSleep(clock: FakeClock): (ms: number) => Promise<void> {
  const sleepers: { wake: number; order: number; resolve: () => void }[] = [];
  let scheduled = false;
  let order = 0;
  const wakeNext = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.wake - b.wake || a.order - b.order);
    const next = sleepers.shift();
    if (!next) return;
    if (next.wake > clock.now().getTime()) clock.set(new Date(next.wake));
    next.resolve();
    if (sleepers.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(wakeNext);
  };
  return (ms) =>
    new Promise<void>((resolve) => {
      sleepers.push({ wake: clock.now().getTime() + ms, order: (order += 1), resolve });
      schedule();
    });
}

let identitySequence = 0;

export async function linkIdentity(
  core: TestCore,
  owner: { clientId: string } | { managerId: string },
  channel: Channel = "telegram",
  overrides: Partial<ChannelIdentity> = {},
): Promise<ChannelIdentity> {
  identitySequence += 1;
  return core.store.identities.upsert({
    id: `identity-${identitySequence}`,
    channel,
    externalId: `${channel}-${identitySequence}`,
    conversationRef: null,
    managerId: "managerId" in owner ? owner.managerId : null,
    clientId: "clientId" in owner ? owner.clientId : null,
    locale: null,
    active: true,
    linkedAt: new Date(Date.UTC(2027, 0, 1, 0, identitySequence)),
    deactivatedAt: null,
    ...overrides,
  });
}

/** Plans a message straight into the outbox (due now unless given). */
export async function enqueue(
  core: TestCore,
  planned: Partial<Omit<PlannedMessage, "messageKey" | "params">> &
    Pick<PlannedMessage, "recipientKind" | "recipientId"> & { messageKey?: string; params?: OutboxParams },
): Promise<OutboxMessage> {
  const dedupeKey = planned.dedupeKey ?? `test:${core.deps.ids.newId()}`;
  const { messageKey = "client.appointment.reminder", params = { place: "Rathaus" }, ...rest } = planned;
  await planMessage(core.deps, core.store, {
    tenantId: "t1",
    clientId: planned.recipientKind === "client" ? planned.recipientId : null,
    // Delivery does not look at what a message says: any key and params do (as a row of an older version would).
    messageKey: messageKey as OutboxMessageKey,
    params: params as CheckedOutboxParams,
    actions: [],
    dueAt: core.clock.now(),
    ...rest,
    dedupeKey,
  });
  const row = await core.store.outbox.findByDedupeKey(dedupeKey);
  if (!row) throw new Error("not enqueued");
  return row;
}
