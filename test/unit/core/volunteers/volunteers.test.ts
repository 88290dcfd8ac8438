import { describe, expect, it } from "vitest";
import { helpFor } from "../../../../src/core/chat/commands.ts";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { consentAnswerAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { countVolunteerMatches } from "../../../../src/core/volunteers/count-matches.ts";
import { endVolunteerMatch } from "../../../../src/core/volunteers/end-match.ts";
import { findVolunteersFor } from "../../../../src/core/volunteers/find-volunteers.ts";
import { issueVolunteerInvite } from "../../../../src/core/volunteers/issue-volunteer-invite.ts";
import { matchVolunteer } from "../../../../src/core/volunteers/match-volunteer.ts";
import { registerVolunteer } from "../../../../src/core/volunteers/register-volunteer.ts";
import { button, byKey, byLabel, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

async function world(core: TestCore) {
  const seeded = await seedWorld(core.store);
  await core.store.municipalities.create({ id: "m-plo", tenantId: seeded.tenantId, name: "Plochingen", createdAt: new Date(0) });
  await core.store.clients.update({ ...seeded.client, municipalityId: "m-plo" });
  const actor = staffActor(seeded.manager);
  const zora = await registerVolunteer(core.deps, actor, {
    municipalityId: "m-plo",
    name: "Zora Weber",
    languages: ["de", "AR"],
    offers: ["language_tandem", "authority_accompaniment"],
    availability: "montags abends",
    consent: true,
  });
  const jan = await registerVolunteer(core.deps, actor, {
    municipalityId: "m-plo",
    name: "Jan Roth",
    languages: ["de"],
    offers: ["language_tandem"],
    availability: "samstags",
    consent: true,
  });
  return { ...seeded, actor, zora, jan };
}

describe("the volunteer register and matching", () => {
  it("registers only with the volunteer's consent; languages and offers are validated", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, supervisor, zora } = await world(core);
    expect(zora).toMatchObject({ languages: ["de", "ar"], consentAt: new Date("2027-03-01T09:00:00Z"), active: true });
    const input = { municipalityId: "m-plo", name: "Ohne", languages: ["de"], offers: ["other"], availability: "immer" };
    await expect(registerVolunteer(core.deps, actor, { ...input, consent: false })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "consent" })],
    });
    await expect(registerVolunteer(core.deps, actor, { ...input, consent: true, offers: ["cooking"] })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(registerVolunteer(core.deps, staffActor(supervisor), { ...input, consent: true })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state.volunteers.size).toBe(2);
  });

  it("finds volunteers by offer, those speaking the client's language first; a match tells the client in Arabic", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, client, colleague, zora, jan } = await world(core);
    const found = await findVolunteersFor(core.deps, actor, { clientId: client.id, offer: "language_tandem" });
    expect(found.map((c) => [c.volunteer.name, c.speaksClientLanguage])).toEqual([
      ["Zora Weber", true],
      ["Jan Roth", false],
    ]);
    expect(await findVolunteersFor(core.deps, actor, { clientId: client.id, offer: "flat_search" })).toEqual([]);
    await expect(findVolunteersFor(core.deps, staffActor(colleague), { clientId: client.id, offer: "language_tandem" })).rejects.toMatchObject({
      code: "forbidden",
    });

    await expect(
      matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: jan.id, offer: "authority_accompaniment", contactWay: "volunteer_calls" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const recorded = await matchVolunteer(core.deps, actor, {
      clientId: client.id,
      volunteerId: zora.id,
      offer: "language_tandem",
      contactWay: "volunteer_calls",
    });
    expect(recorded).toMatchObject({ clientTold: true, match: { status: "active", offer: "language_tandem" } });
    expect((await core.store.outbox.listPendingForRecipient("client", client.id)).map((m) => [m.messageKey, m.params])).toEqual([
      ["volunteers.matched.volunteer_calls", { name: "Zora" }],
    ]);
    await expect(
      matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: zora.id, offer: "language_tandem", contactWay: "volunteer_calls" }),
    ).rejects.toMatchObject({ code: "conflict" });

    await expect(endVolunteerMatch(core.deps, staffActor(colleague), { matchId: recorded.match.id, outcome: "helped" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await endVolunteerMatch(core.deps, actor, { matchId: recorded.match.id, outcome: "helped" })).toMatchObject({
      status: "ended",
      outcome: "helped",
      endedAt: new Date("2027-03-01T09:00:00Z"),
    });
    await expect(endVolunteerMatch(core.deps, actor, { matchId: recorded.match.id, outcome: "other" })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("counting matches for the funding report", () => {
  it("counts started by kind, ended by outcome and active at the end; supervision only", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, client, supervisor, tenantId, zora, jan } = await world(core);
    const first = await matchVolunteer(core.deps, actor, {
      clientId: client.id,
      volunteerId: zora.id,
      offer: "authority_accompaniment",
      contactWay: "meet_at_office",
    });
    core.clock.set("2027-04-10T09:00:00Z");
    await matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: jan.id, offer: "language_tandem", contactWay: "volunteer_calls" });
    await endVolunteerMatch(core.deps, actor, { matchId: first.match.id, outcome: "helped" });
    const period = { tenantId, from: new Date("2027-04-01T00:00:00Z"), to: new Date("2027-05-01T00:00:00Z") };
    expect(await countVolunteerMatches(core.deps, staffActor(supervisor), period)).toEqual({
      started: { language_tandem: 1, authority_accompaniment: 0, homework_help: 0, flat_search: 0, sports_clubs: 0, other: 0 },
      ended: { helped: 1, no_contact: 0, ended_early: 0, other: 0 },
      activeAtEnd: 1,
    });
    await expect(countVolunteerMatches(core.deps, actor, period)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("volunteers in the chat (role volunteer)", () => {
  it("a volunteer links with an invite and sees only their own matches: the client's first name and language", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, client, zora, jan } = await world(core);
    await matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: zora.id, offer: "language_tandem", contactWay: "manager_introduces" });
    const invite = await issueVolunteerInvite(core.deps, actor, { volunteerId: zora.id });
    const chat = telegramChat("700", "de");
    const welcome = await handleInbound(core.deps, chat, command("start", invite.code));
    expect(welcome).toEqual({
      language: "de",
      outbound: [{ parts: [{ key: "volunteers.volunteer.welcome", params: { name: "Zora Weber" } }] }],
      role: "volunteer",
    });

    const matches = await handleInbound(core.deps, chat, command("matches"));
    expect(matches.outbound).toEqual([
      {
        parts: [
          { key: "volunteers.volunteer.matches" },
          {
            key: "volunteers.volunteer.match",
            params: {
              firstName: "Amina",
              language: "العربية",
              offer: { t: "key", key: "volunteers.offer.language_tandem" },
              contact: { t: "key", key: "volunteers.contact.manager_introduces" },
            },
          },
        ],
      },
    ]);
    // nothing else: no plans, clients, appointments, notes or offers; only the volunteer help
    for (const other of ["plan", "clients", "appointments", "agenda", "log", "offers", "mydata", "review"]) {
      expect((await handleInbound(core.deps, chat, command(other, "Amina"))).outbound).toEqual([helpFor("volunteer")]);
    }
    expect((await handleInbound(core.deps, chat, text("Wie heißt Amina mit Nachnamen?"))).outbound).toEqual([helpFor("volunteer")]);
    expect((await handleInbound(core.deps, chat, tap("v1|cli|" + client.id))).outbound).toEqual([helpFor("volunteer")]);

    // another volunteer sees none of Zora's matches
    const janInvite = await issueVolunteerInvite(core.deps, actor, { volunteerId: jan.id });
    const janChat = telegramChat("701", "en");
    expect((await handleInbound(core.deps, janChat, command("start", janInvite.code))).language).toBe("en");
    expect(keys((await handleInbound(core.deps, janChat, command("matches"))).outbound)).toEqual(["volunteers.volunteer.no_matches"]);

    // a used code does not link a third chat: why, and what Lotse is (as for a used manager or client invite)
    expect(keys((await handleInbound(core.deps, telegramChat("702"), command("start", invite.code))).outbound)).toEqual([
      "errors.invite_used",
      "client.stranger.intro",
    ]);
  });

  it("a volunteer with a linked chat is told of a new match: the client's first name and language, the manager's name", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, client, zora } = await world(core);
    const before = await matchVolunteer(core.deps, actor, {
      clientId: client.id,
      volunteerId: zora.id,
      offer: "language_tandem",
      contactWay: "volunteer_calls",
    });
    expect(before.volunteerTold).toBe(false);
    expect(await core.store.outbox.listPendingForRecipient("volunteer", zora.id)).toEqual([]);

    const invite = await issueVolunteerInvite(core.deps, actor, { volunteerId: zora.id });
    await handleInbound(core.deps, telegramChat("700", "ar"), command("start", invite.code));
    const after = await matchVolunteer(core.deps, actor, {
      clientId: client.id,
      volunteerId: zora.id,
      offer: "authority_accompaniment",
      contactWay: "volunteer_calls",
    });
    expect(after.volunteerTold).toBe(true);
    const told = await core.store.outbox.listPendingForRecipient("volunteer", zora.id);
    expect(told.map((m) => [m.messageKey, m.params, m.clientId, m.dueAt])).toEqual([
      ["volunteers.volunteer.matched", { firstName: "Amina", language: "العربية", manager: "Eva Muster" }, client.id, new Date("2027-03-01T09:00:00Z")],
    ]);
    expect(JSON.stringify(told)).not.toContain("Haddad");
    // matching the same again is refused and tells nobody twice
    await expect(
      matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: zora.id, offer: "authority_accompaniment", contactWay: "volunteer_calls" }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await core.store.outbox.listPendingForRecipient("volunteer", zora.id)).toHaveLength(1);
  });

  it("a client's invite still links a client (the volunteer check lets it pass)", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor } = await world(core);
    const { invite } = await createClient(core.deps, actor, { name: "Olena Koval", language: "uk" });
    const reply = await handleInbound(core.deps, telegramChat("800", "uk"), command("start", invite.code));
    expect(keys(reply.outbound)).not.toContain("volunteers.volunteer.welcome");
    await handleInbound(core.deps, telegramChat("800", "uk"), tap(consentAnswerAction.encode("a")));
    expect(await core.store.identities.findByExternal("telegram", "800")).toMatchObject({ active: true, clientId: expect.any(String) });
    expect(core.store.state.volunteerIdentities.size).toBe(0);
  });

  it("/volunteeradd and /match in the staff chat; /volunteers lists the register", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], telegramChat("100"));
    await core.store.municipalities.create({ id: "m-plo", tenantId: manager.tenantId, name: "Plochingen", createdAt: new Date(0) });
    const where = await send(command("volunteeradd"));
    const named = await send(tap(button(where, byLabel("Plochingen"))));
    expect(keys(named)).toEqual(["manager_volunteers.add.name"]);
    const languages = await send(text("Zora Weber"));
    const withArabic = await send(tap(button(languages, byLabel("العربية"))));
    const offers = await send(tap(button(withArabic, byKey("dialog.button.done"))));
    expect(keys(offers)).toEqual(["manager_volunteers.add.offers"]);
    const tandem = await send(tap(button(offers, byKey("manager_volunteers.offer.language_tandem"))));
    expect(keys(await send(tap(button(tandem, byKey("dialog.button.done")))))).toEqual(["manager_volunteers.add.availability"]);
    const consent = await send(text("montags abends"));
    expect(keys(consent)).toEqual(["manager_volunteers.add.consent"]);
    expect(keys(await send(tap(button(consent, byKey("dialog.button.yes")))))).toEqual(["manager_volunteers.add.done"]);
    expect(keys(await send(command("volunteers")))).toEqual([
      "manager_volunteers.register.title",
      "manager_volunteers.register.item",
      "manager_volunteers.register.offer",
    ]);

    const who = await send(command("match"));
    const what = await send(tap(button(who, byLabel("Amina Haddad"))));
    const whom = await send(tap(button(what, byKey("manager_volunteers.offer.language_tandem"))));
    expect(keys(whom)).toEqual(["manager_volunteers.match.volunteer"]);
    const how = await send(tap(button(whom, (b) => (b.label ?? "").startsWith("★ Zora Weber"))));
    const done = await send(tap(button(how, byKey("manager_volunteers.contact.meet_at_office"))));
    const params = { client: "Amina Haddad", volunteer: "Zora Weber" };
    // Zora has no chat with Lotse yet: the manager is told to tell her
    expect(done).toEqual([
      {
        parts: [
          { key: "manager_volunteers.match.done", params },
          { key: "manager_volunteers.match.volunteer_not_told", params },
        ],
        buttons: [[{ labelKey: "manager_volunteers.button.meeting_new", data: expect.stringContaining("|ccg|") }]],
      },
    ]);
    expect((await core.store.outbox.listPendingForRecipient("client", clients[0]!.id)).map((m) => m.messageKey)).toContain("volunteers.matched.meet_at_office");

    const ending = await send(command("matchend"));
    const outcome = await send(tap(button(ending, byLabel("Amina Haddad – Zora Weber"))));
    expect(keys(await send(tap(button(outcome, byKey("manager_volunteers.outcome.helped")))))).toEqual(["manager_volunteers.end.done"]);
    expect([...core.store.state.volunteerMatches.values()]).toEqual([expect.objectContaining({ status: "ended", outcome: "helped" })]);
  });
});

describe("/volunteers for supervision", () => {
  it("a supervisor sees the tenant's matches as counts first, then the register; a manager sees the register only", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { actor, client, supervisor, manager, zora } = await world(core);
    await matchVolunteer(core.deps, actor, { clientId: client.id, volunteerId: zora.id, offer: "language_tandem", contactWay: "manager_introduces" });
    const supervisorChat = telegramChat("910");
    const managerChat = telegramChat("911");
    for (const [chat, person] of [
      [supervisorChat, supervisor],
      [managerChat, manager],
    ] as const) {
      await core.store.identities.upsert({
        id: `identity-${chat.externalId}`,
        channel: "telegram",
        externalId: chat.externalId,
        conversationRef: null,
        managerId: person.id,
        clientId: null,
        locale: "de",
        active: true,
        linkedAt: new Date(0),
        deactivatedAt: null,
      });
    }
    const seen = (await handleInbound(core.deps, supervisorChat, command("volunteers"))).outbound;
    expect(seen[0]?.parts).toEqual([
      { key: "manager_volunteers.register.overview", params: { active: 1, helped: 0, no_contact: 0, ended_early: 0, other: 0 } },
    ]);
    expect(seen[1]?.parts[0]?.key).toBe("manager_volunteers.register.title");
    expect(keys((await handleInbound(core.deps, managerChat, command("volunteers"))).outbound)[0]).toBe("manager_volunteers.register.title");
  });
});
