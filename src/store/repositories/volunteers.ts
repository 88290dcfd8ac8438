import { z } from "zod";
import { contactWays, matchOutcomes, matchStatuses, volunteerOffers, type Volunteer, type VolunteerMatch } from "../../core/volunteers/model.ts";
import type { VolunteerRepositories } from "../../core/volunteers/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { rawDate, rawText, rawTextOrNull } from "../raw-rows.ts";
import type { TextSealer } from "../text-sealer.ts";

const languagesSchema = z.array(z.string());
const offersSchema = z.array(z.enum(volunteerOffers));

type VolunteerRow = Omit<Volunteer, "languages" | "offers"> & { languages: string; offers: string };
type MatchRow = Omit<VolunteerMatch, "offer" | "contactWay" | "status" | "outcome"> & {
  offer: string;
  contactWay: string;
  status: string;
  outcome: string | null;
};

const toVolunteer = (row: VolunteerRow): Volunteer => ({
  ...row,
  languages: readJson(languagesSchema, row.languages, "Volunteer.languages"),
  offers: readJson(offersSchema, row.offers, "Volunteer.offers"),
});
const volunteerRow = (v: Volunteer) => ({ ...v, languages: writeJson(v.languages), offers: writeJson(v.offers) });

const toSealedMatch = (row: MatchRow, sealer: TextSealer): VolunteerMatch => ({
  ...row,
  meetingPlace: row.meetingPlace === null ? null : sealer.open(row.meetingPlace),
  offer: z.enum(volunteerOffers).parse(row.offer),
  contactWay: z.enum(contactWays).parse(row.contactWay),
  status: z.enum(matchStatuses).parse(row.status),
  outcome: row.outcome === null ? null : z.enum(matchOutcomes).parse(row.outcome),
});

/** The meeting place (it may be someone's home) is sealed at rest like an appointment's place. */
const matchRow = (match: VolunteerMatch, sealer: TextSealer) => ({
  ...match,
  meetingPlace: match.meetingPlace === null ? null : sealer.seal(match.meetingPlace),
});

const findIdentitySql = directStatement(
  "volunteer_identity",
  `SELECT "channel", "externalId", "volunteerId", "locale", "linkedAt" FROM "VolunteerIdentity" WHERE "channel" = $1 AND "externalId" = $2`,
);

/** `direct`: the read of every update from a stranger or volunteer runs on the driver (direct-sql.ts). */
export function volunteerRepositories(db: DbTransaction, sealer: TextSealer, direct: DirectSql): VolunteerRepositories {
  const toMatch = (row: MatchRow) => toSealedMatch(row, sealer);
  return {
    volunteers: {
      async create(volunteer) {
        await db.volunteer.create({ data: volunteerRow(volunteer) });
      },
      async get(id) {
        const row = await db.volunteer.findUnique({ where: { id } });
        return row ? toVolunteer(row) : null;
      },
      async update(volunteer) {
        const { id, ...rest } = volunteerRow(volunteer);
        await db.volunteer.update({ where: { id }, data: rest });
      },
      async listForMunicipalities(municipalityIds) {
        const rows = await db.volunteer.findMany({ where: { municipalityId: { in: municipalityIds } } });
        return rows.map(toVolunteer).sort((a, b) => a.name.localeCompare(b.name, "de") || a.id.localeCompare(b.id));
      },
    },
    volunteerMatches: {
      async create(match) {
        await db.volunteerMatch.create({ data: matchRow(match, sealer) });
      },
      async get(id) {
        const row = await db.volunteerMatch.findUnique({ where: { id } });
        return row ? toMatch(row) : null;
      },
      async update(match) {
        const { id, ...rest } = matchRow(match, sealer);
        await db.volunteerMatch.update({ where: { id }, data: rest });
      },
      async listForVolunteer(volunteerId) {
        return (await db.volunteerMatch.findMany({ where: { volunteerId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] })).map(toMatch);
      },
      async listForClient(clientId) {
        return (await db.volunteerMatch.findMany({ where: { clientId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] })).map(toMatch);
      },
    },
    volunteerAccess: {
      async createInvite(invite) {
        await db.volunteerInvite.create({ data: { ...invite } });
      },
      async findInviteByCodeHash(codeHash) {
        return db.volunteerInvite.findUnique({ where: { codeHash } });
      },
      async markInviteUsed(id, at) {
        return (await db.volunteerInvite.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1;
      },
      async revokeUnusedInvites(volunteerId) {
        return (await db.volunteerInvite.deleteMany({ where: { volunteerId, usedAt: null } })).count;
      },
      async link(identity) {
        const { channel, externalId, ...rest } = identity;
        await db.volunteerIdentity.upsert({ where: { channel_externalId: { channel, externalId } }, create: { ...identity }, update: rest });
      },
      async findIdentity(channel, externalId) {
        // Read for every update from a chat without a staff or client account (strangers, volunteers).
        const [row] = await direct.rows(findIdentitySql, [channel, externalId]);
        return row
          ? {
              channel: rawText(row, "channel"),
              externalId: rawText(row, "externalId"),
              volunteerId: rawText(row, "volunteerId"),
              locale: rawTextOrNull(row, "locale"),
              linkedAt: rawDate(row, "linkedAt"),
            }
          : null;
      },
      async listIdentities(volunteerId) {
        return db.volunteerIdentity.findMany({ where: { volunteerId }, orderBy: [{ linkedAt: "desc" }, { channel: "asc" }, { externalId: "asc" }] });
      },
    },
  };
}
