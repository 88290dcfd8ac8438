import { describe, expect, it } from "vitest";
import type { Volunteer, VolunteerMatch } from "../../../src/core/volunteers/model.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

export function volunteersContract(context: ContractContext): void {
  describe("volunteers", () => {
    const volunteer = (tenantId: string, municipalityId: string, name: string): Volunteer => ({
      id: context.unique("volunteer"),
      tenantId,
      municipalityId,
      name,
      languages: ["de", "ar"],
      offers: ["language_tandem", "homework_help"],
      availability: "montags abends",
      consentAt: at("2027-02-01T10:00:00Z"),
      active: true,
      createdAt: at("2027-02-01T10:00:00Z"),
    });

    it("keeps the register per municipality, matches per volunteer and client, invites single-use, identities by chat", async () => {
      const store = context.store();
      const { tenantId, client } = await seedClient(context);
      const municipalityId = context.unique("municipality");
      const zora = volunteer(tenantId, municipalityId, "Zora Weber");
      const anna = volunteer(tenantId, municipalityId, "Anna Berg");
      await store.volunteers.create(zora);
      await store.volunteers.create(anna);
      await store.volunteers.create(volunteer(tenantId, context.unique("municipality"), "Elsewhere"));
      expect((await store.volunteers.listForMunicipalities([municipalityId])).map((v) => v.name)).toEqual(["Anna Berg", "Zora Weber"]);
      await store.volunteers.update({ ...anna, active: false, offers: ["other"] });
      expect(await store.volunteers.get(anna.id)).toEqual({ ...anna, active: false, offers: ["other"] });

      const match: VolunteerMatch = {
        id: context.unique("match"),
        tenantId,
        volunteerId: zora.id,
        clientId: client.id,
        managerId: "manager-1",
        offer: "language_tandem",
        contactWay: "volunteer_calls",
        status: "active",
        outcome: null,
        startedAt: at("2027-03-01T10:00:00Z"),
        endedAt: null,
        meetingAt: null,
        meetingPlace: null,
        meetingVersion: 0,
      };
      await store.volunteerMatches.create(match);
      expect(await store.volunteerMatches.listForVolunteer(zora.id)).toEqual([match]);
      const meeting = { ...match, meetingAt: at("2027-03-05T15:00:00Z"), meetingPlace: "Stadtbücherei, Marktplatz 1", meetingVersion: 1 };
      await store.volunteerMatches.update(meeting);
      expect(await store.volunteerMatches.get(match.id)).toEqual(meeting);
      const ended = { ...meeting, status: "ended" as const, outcome: "helped" as const, endedAt: at("2027-06-01T10:00:00Z") };
      await store.volunteerMatches.update(ended);
      expect(await store.volunteerMatches.listForClient(client.id)).toEqual([ended]);
      expect(await store.volunteerMatches.get(match.id)).toEqual(ended);

      const invite = {
        id: context.unique("vinvite"),
        codeHash: context.unique("hash"),
        volunteerId: zora.id,
        tenantId,
        expiresAt: at("2027-03-08T10:00:00Z"),
        usedAt: null,
        createdAt: at("2027-03-01T10:00:00Z"),
      };
      await store.volunteerAccess.createInvite(invite);
      expect(await store.volunteerAccess.findInviteByCodeHash(invite.codeHash)).toEqual(invite);
      expect(await store.volunteerAccess.markInviteUsed(invite.id, at("2027-03-02T10:00:00Z"))).toBe(true);
      expect(await store.volunteerAccess.markInviteUsed(invite.id, at("2027-03-02T10:00:00Z"))).toBe(false);
      const unused = { ...invite, id: context.unique("vinvite"), codeHash: context.unique("hash"), usedAt: null };
      await store.volunteerAccess.createInvite(unused);
      expect(await store.volunteerAccess.revokeUnusedInvites(zora.id)).toBe(1);
      expect(await store.volunteerAccess.findInviteByCodeHash(unused.codeHash)).toBeNull();

      const externalId = context.unique("chat");
      await store.volunteerAccess.link({ channel: "telegram", externalId, volunteerId: anna.id, locale: "de", linkedAt: at("2027-03-02T10:00:00Z") });
      await store.volunteerAccess.link({ channel: "telegram", externalId, volunteerId: zora.id, locale: "en", linkedAt: at("2027-03-03T10:00:00Z") });
      expect(await store.volunteerAccess.findIdentity("telegram", externalId)).toEqual({
        channel: "telegram",
        externalId,
        volunteerId: zora.id,
        locale: "en",
        linkedAt: at("2027-03-03T10:00:00Z"),
      });
      expect(await store.volunteerAccess.findIdentity("teams", externalId)).toBeNull();
      // Relinked to Zora: the chat account is hers alone now, and her own chat is the one messages go to.
      expect((await store.volunteerAccess.listIdentities(zora.id)).map((i) => i.externalId)).toEqual([externalId]);
      expect(await store.volunteerAccess.listIdentities(anna.id)).toEqual([]);
    });
  });
}
