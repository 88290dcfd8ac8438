import { beforeEach, describe, expect, it } from "vitest";
import { getAgendaDays } from "../../../../src/core/agenda/get-agenda.ts";
import { closeCase } from "../../../../src/core/cases/close-case.ts";
import { withdrawConsent as withdrawInChat } from "../../../../src/core/consent/withdraw-consent.ts";
import { handOverCase } from "../../../../src/core/handover/hand-over-case.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { answerReferralCheckIn } from "../../../../src/core/referrals/answer-referral-check-in.ts";
import { referClient } from "../../../../src/core/referrals/refer-client.ts";
import { updateReferral } from "../../../../src/core/referrals/update-referral.ts";
import { mayStillMessageClient } from "../../../../src/core/reminders/send-checks.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWorld, withdrawConsent, snapshotState, type PlanWorld } from "../../../support/seed-plans.ts";

/** A follow-up date asks the manager (and the consenting client) on that day; the answers settle it. */
describe("referral follow-ups", () => {
  let core: TestCore;
  let world: PlanWorld;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
  });

  /** 10:00 in Berlin on 15 March 2027. */
  const fifteenth = "2027-03-15T09:00:00.000Z";
  /** Pending rows, earliest due first. */
  const pending = (): OutboxMessage[] =>
    [...core.store.state.outbox.values()].filter((m) => m.status === "pending").sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const toManager = () => pending().filter((m) => m.recipientKind === "manager");
  const toClient = () => pending().filter((m) => m.recipientKind === "client");
  const referJobcenter = (followUpAt: string | undefined = fifteenth) =>
    referClient(core.deps, world.actors.manager, {
      clientId: world.client.id,
      targetKind: "service",
      service: "jobcenter",
      ...(followUpAt ? { followUpAt } : {}),
    });

  it("a Jobcenter referral with a follow-up asks the manager that day, with outcome and snooze buttons, and the client in their language", async () => {
    const referral = await referJobcenter();
    const [ask] = toManager();
    expect(ask).toMatchObject({
      recipientId: world.manager.id,
      clientId: world.client.id,
      messageKey: "manager_referrals.ask.service",
      params: { client: "Amina Haddad", service: "jobcenter" },
      dueAt: new Date(fifteenth),
    });
    expect(ask?.actions.map((a) => [a.labelKey, a.data, a.newRow ?? false])).toEqual([
      ["manager_card.referrals.button.attended", `v1|rfo|${referral.id}|at`, false],
      ["manager_card.referrals.button.not_attended", `v1|rfo|${referral.id}|na`, false],
      ["manager_card.referrals.button.closed", `v1|rfo|${referral.id}|cl`, true],
      ["manager_card.referrals.button.snooze", `v1|rfo|${referral.id}|sn`, false],
    ]);
    const [question] = toClient();
    expect(question).toMatchObject({
      recipientId: world.client.id,
      messageKey: "referrals.check_in.question",
      params: { service: "jobcenter" },
      dueAt: new Date(fifteenth),
    });
    expect(question?.dedupeKey.startsWith("refcheck:")).toBe(true);
    expect(question?.actions.map((a) => a.data)).toEqual([`v1|rfc|${referral.id}|y`, `v1|rfc|${referral.id}|n`, `v1|rfc|${referral.id}|h`]);
  });

  it("FIM, Schulsozialarbeit and AVdual-Begleitung are targets; without a follow-up date nobody is asked", async () => {
    for (const service of ["fim", "school_social_work", "avdual_support"]) {
      await referClient(core.deps, world.actors.manager, { clientId: world.client.id, targetKind: "service", service });
    }
    expect((await core.store.referrals.listForClient(world.client.id)).map((r) => r.target)).toEqual(["fim", "school_social_work", "avdual_support"]);
    expect(pending()).toEqual([]);
  });

  it("the client is asked only about a service and only with the check-in consent; the manager always", async () => {
    await referClient(core.deps, world.actors.manager, {
      clientId: world.client.id,
      targetKind: "volunteer",
      target: "Lesepatin Frau Maier",
      followUpAt: fifteenth,
    });
    await referClient(core.deps, world.actors.manager, { clientId: world.client.id, targetKind: "service", service: "other", followUpAt: fifteenth });
    expect(toManager().map((m) => [m.messageKey, m.params])).toEqual([
      ["manager_referrals.ask.named", { client: "Amina Haddad", target: "Lesepatin Frau Maier" }],
      ["manager_referrals.ask.service", { client: "Amina Haddad", service: "other" }],
    ]);
    expect(toClient()).toEqual([]);
    await withdrawConsent(core, world.client.id, ["plan_checkins"]);
    await referJobcenter();
    expect(toManager()).toHaveLength(3);
    expect(toClient()).toEqual([]);
  });

  it("recording the outcome drops both questions; a moved date asks on the new day; the same date again keeps one row", async () => {
    const referral = await referJobcenter();
    await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, followUpAt: "2027-03-22T09:00:00Z" });
    expect(pending().map((m) => [m.recipientKind, m.dueAt.toISOString()])).toEqual([
      ["manager", "2027-03-22T09:00:00.000Z"],
      ["client", "2027-03-22T09:00:00.000Z"],
    ]);
    await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, followUpAt: "2027-03-22T09:00:00Z" });
    expect(pending()).toHaveLength(2);
    await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, status: "closed" });
    expect(pending()).toEqual([]);
  });

  it("the client's yes records the referral as attended, drops the manager's question not sent yet and tells the manager", async () => {
    const referral = await referJobcenter();
    core.clock.set("2027-03-15T08:00:00Z");
    const answered = await answerReferralCheckIn(core.deps, world.actors.client, { referralId: referral.id, answer: "yes" });
    expect(answered).toMatchObject({ status: "attended", followUpAt: null });
    expect(toManager().map((m) => [m.messageKey, m.params, m.dueAt])).toEqual([
      ["manager_referrals.answer.yes", { client: "Amina Haddad", service: "jobcenter" }, core.clock.now()],
    ]);
    expect(toClient()).toEqual([]);
    const before = snapshotState(core);
    await expect(answerReferralCheckIn(core.deps, world.actors.client, { referralId: referral.id, answer: "not_yet" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(core.store.state).toEqual(before);
  });

  it("'not yet' asks both again a week later at 10:00; the manager learns the day", async () => {
    const referral = await referJobcenter();
    core.clock.set("2027-03-15T09:30:00Z");
    const answered = await answerReferralCheckIn(core.deps, world.actors.client, { referralId: referral.id, answer: "not_yet" });
    expect(answered).toMatchObject({ status: "open", followUpAt: new Date("2027-03-22T09:00:00Z") });
    expect(pending().map((m) => [m.messageKey, m.dueAt.toISOString()])).toEqual([
      ["manager_referrals.answer.not_yet", "2027-03-15T09:30:00.000Z"],
      ["manager_referrals.ask.service", "2027-03-22T09:00:00.000Z"],
      ["referrals.check_in.question", "2027-03-22T09:00:00.000Z"],
    ]);
    expect(toManager()[0]?.params).toEqual({ client: "Amina Haddad", service: "jobcenter", next: "2027-03-22T09:00:00.000Z" });
  });

  it("'I need help' tells the manager with the card one tap away and keeps the referral open and due", async () => {
    const referral = await referJobcenter();
    core.clock.set("2027-03-15T20:30:00Z"); // 21:30 in Berlin: inside the quiet hours
    await answerReferralCheckIn(core.deps, world.actors.client, { referralId: referral.id, answer: "need_help" });
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ status: "open", followUpAt: new Date(fifteenth) });
    const notice = toManager().find((m) => m.messageKey === "manager_referrals.answer.need_help");
    expect(notice).toMatchObject({ dueAt: new Date("2027-03-16T07:00:00Z"), actions: [{ labelKey: "manager_card.button.open_card" }] });
  });

  it("only the client it is about answers, and never staff", async () => {
    const referral = await referJobcenter();
    const before = snapshotState(core);
    await expect(answerReferralCheckIn(core.deps, world.actors.partner, { referralId: referral.id, answer: "yes" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(answerReferralCheckIn(core.deps, world.actors.manager, { referralId: referral.id, answer: "yes" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(answerReferralCheckIn(core.deps, world.actors.client, { referralId: referral.id, answer: "maybe" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(core.store.state).toEqual(before);
  });

  it("withdrawing the check-ins stops the client's question, not the manager's; the dispatcher checks it again", async () => {
    await referJobcenter();
    const key = toClient()[0]?.dedupeKey ?? "";
    await withdrawInChat(core.deps, world.actors.client, { clientId: world.client.id, purposes: ["plan_checkins"], channel: "telegram" });
    expect(toClient()).toEqual([]);
    expect(toManager().map((m) => m.messageKey)).toContain("manager_referrals.ask.service");
    expect(mayStillMessageClient(await core.store.consents.listForClient(world.client.id), key)).toBe(false);
  });

  it("a handover takes the open referral and its question to the new manager", async () => {
    const referral = await referJobcenter();
    await handOverCase(core.deps, world.actors.manager, { clientId: world.client.id, toManagerId: world.colleague.id });
    expect(await core.store.referrals.get(referral.id)).toMatchObject({ managerId: world.colleague.id });
    expect(
      toManager()
        .filter((m) => m.messageKey === "manager_referrals.ask.service")
        .map((m) => m.recipientId),
    ).toEqual([world.colleague.id]);
  });

  describe("on the agenda", () => {
    const agendaEntries = async () =>
      (await getAgendaDays(core.deps, world.actors.manager, { days: 2 })).map((day) =>
        day.entries.filter((e) => e.section === "referral_follow_up").map((e) => [e.clients.map((c) => c.name), e.at?.toISOString()]),
      );

    it("lists a follow-up on its day and, overdue, on the first day asked for, until it is settled", async () => {
      const referral = await referJobcenter();
      await referClient(core.deps, world.actors.manager, {
        clientId: world.client.id,
        targetKind: "offer",
        target: "Sprachcafé",
        followUpAt: "2027-03-16T09:00:00Z",
      });
      core.clock.set("2027-03-14T10:00:00Z");
      expect(await agendaEntries()).toEqual([[], [[["Amina Haddad"], fifteenth]]]);
      core.clock.set("2027-03-16T06:00:00Z");
      // Today lists the overdue one and today's; tomorrow does not repeat them.
      expect(await agendaEntries()).toEqual([
        [
          [["Amina Haddad"], fifteenth],
          [["Amina Haddad"], "2027-03-16T09:00:00.000Z"],
        ],
        [],
      ]);
      await updateReferral(core.deps, world.actors.manager, { referralId: referral.id, status: "attended" });
      expect((await agendaEntries())[0]).toEqual([[["Amina Haddad"], "2027-03-16T09:00:00.000Z"]]);
    });

    it("leaves out a closed case's referrals and a colleague's", async () => {
      await referJobcenter();
      core.clock.set("2027-03-15T10:00:00Z");
      expect((await getAgendaDays(core.deps, world.actors.colleague, { days: 1 }))[0]?.entries).toEqual([]);
      await closeCase(core.deps, world.actors.manager, { clientId: world.client.id, reason: "moved_away" });
      expect(await agendaEntries()).toEqual([[], []]);
    });
  });
});
