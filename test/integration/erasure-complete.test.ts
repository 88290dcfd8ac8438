import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeSealer } from "../../src/app/key-ring.ts";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { operator, system, type Actor } from "../../src/core/actor.ts";
import { answerAppointment } from "../../src/core/appointments/answer-appointment.ts";
import { createAppointment } from "../../src/core/appointments/create-appointment.ts";
import { recordAssessment } from "../../src/core/assessment/record-assessment.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { issueClientInvite } from "../../src/core/cases/issue-client-invite.ts";
import type { Client } from "../../src/core/cases/model.ts";
import { handleInbound } from "../../src/core/chat/handle-inbound.ts";
import { giveConsent } from "../../src/core/consent/give-consent.ts";
import { logContact } from "../../src/core/contacts/log-contact.ts";
import { extendCounsellingPeriod } from "../../src/core/counselling/extend-period.ts";
import type { ConversationMessage } from "../../src/core/conversations/model.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { dialogKey, type ChatSession } from "../../src/core/dialog/inbound.ts";
import { handOverCase } from "../../src/core/handover/hand-over-case.ts";
import { addLocalOffer } from "../../src/core/offers/add-offer.ts";
import { shareOffer } from "../../src/core/offers/share-offer.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../src/core/plans/answer-check-in.ts";
import { completeReview } from "../../src/core/plans/complete-review.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import { eraseClient } from "../../src/core/privacy/erase-client.ts";
import { erasedName } from "../../src/core/privacy/model.ts";
import { requestErasure } from "../../src/core/privacy/request-erasure.ts";
import { referClient } from "../../src/core/referrals/refer-client.ts";
import type { OutboxClaim } from "../../src/core/outbox/repositories.ts";
import { planAttendancePrompts } from "../../src/core/reminders/plan-attendance-prompts.ts";
import { planMorningAgendas } from "../../src/core/reminders/plan-morning-agendas.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { issueVolunteerInvite } from "../../src/core/volunteers/issue-volunteer-invite.ts";
import { linkVolunteer } from "../../src/core/volunteers/link-volunteer.ts";
import { matchVolunteer } from "../../src/core/volunteers/match-volunteer.ts";
import { registerVolunteer } from "../../src/core/volunteers/register-volunteer.ts";
import { setFirstMeeting } from "../../src/core/volunteers/set-first-meeting.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { telegramChat } from "../support/chat-harness.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { staffActor } from "../support/seed.ts";

/**
 * Erasure leaves nothing behind (DSGVO Art. 17). One client is given data in every table that can refer to a client,
 * through the use cases the chat and the CLI use, on a store built as the server builds it (sealing on). Every text
 * of hers carries the marker "ERASE-ME" (her chat ids are 7777001 and 7777002). After `eraseClient`, no row of any
 * table, read with `SELECT *` and with every sealed value opened, and no byte of the SQLite files holds a marker;
 * her household member and an unrelated client keep every row as it was.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const DATA_KEY = Buffer.from("lotse-erasure-complete-key-01234").toString("base64");
const crypto = aesGcmCrypto(dataKeyFromBase64(DATA_KEY));

const MARK = "ERASE-ME";
const CHAT = "7777001";
const OLD_CHAT = "7777002";
/** Searched for case-insensitively: the folded search name is in lower case. */
const markers = [MARK, CHAT, OLD_CHAT];

/**
 * How erasure covers each table, and every text column of it (a new model, or a new String column, fails the test
 * until it is described here: anything that can hold text can hold personal data).
 */
interface Coverage {
  how: `erased: ${string}` | `anonymised: ${string}` | `holds no personal data: ${string}`;
  strings: Record<string, string>;
}

const ids = "an id";
const kind = "a kind from a fixed list";

const coverage: Record<string, Coverage> = {
  Tenant: {
    how: "holds no personal data: the district office (name, zone, reminder settings)",
    strings: { id: ids, name: "the office's name", timezone: "a zone name", settings: "reminder settings (JSON of numbers and times)" },
  },
  Municipality: {
    how: "holds no personal data: a municipality of the tenant",
    strings: { id: ids, tenantId: ids, name: "the municipality's name", settings: "settings (Integreat region)" },
  },
  Manager: {
    how: "holds no personal data: staff, not clients",
    strings: {
      id: ids,
      tenantId: ids,
      name: "the manager's name",
      role: kind,
      qualification: kind,
      aadObjectId: "the manager's Entra id",
      quietHours: "a time range",
      workDays: "weekday numbers",
    },
  },
  ManagerMunicipality: { how: "holds no personal data: ids of staff and municipalities", strings: { managerId: ids, municipalityId: ids } },
  Household: {
    how: "anonymised: label blanked when nobody of the household is left, and replaced when it names the erased person",
    strings: { id: ids, tenantId: ids, municipalityId: ids, label: "blanked or replaced (see how)" },
  },
  Client: {
    how: "anonymised: name and searchName blanked, case closed",
    strings: {
      id: ids,
      tenantId: ids,
      householdId: ids,
      municipalityId: ids,
      name: "blanked (—)",
      searchName: "blanked (—)",
      language: "kept: a language code (figures)",
      timezone: "kept: a zone name",
      quietHours: "kept: a time range",
      gender: "blanked (null): stated at intake",
      status: kind,
    },
  },
  CaseAssignment: { how: "holds no personal data: ids of client and manager", strings: { clientId: ids, managerId: ids, kind } },
  ChannelIdentity: {
    how: "anonymised: externalId replaced by a random tombstone, conversationRef and locale blanked, deactivated",
    strings: {
      id: ids,
      channel: kind,
      externalId: "replaced by erased:<random id>",
      conversationRef: "blanked",
      managerId: ids,
      clientId: ids,
      locale: "blanked",
    },
  },
  Invite: {
    how: "holds no personal data: a keyed digest of the code and ids; refused for an erased client, deleted by retention",
    strings: { id: ids, codeHash: "HMAC digest", purpose: kind, tenantId: ids, managerId: ids, clientId: ids },
  },
  Consent: {
    how: "holds no personal data: the ledger (purpose, version, yes/no, channel, time) is kept as proof",
    strings: { id: ids, clientId: ids, purpose: kind, channel: kind },
  },
  Assessment: {
    how: "erased: rows deleted",
    strings: { clientId: ids, data: "deleted with the row", sensitive: "deleted with the row", updatedBy: ids },
  },
  AssessmentVersion: {
    how: "erased: rows deleted (the assessment's history)",
    strings: { clientId: ids, data: "deleted with the row", gender: "deleted with the row", changed: "section names from a fixed list", recordedBy: ids },
  },
  IntegrationPlan: { how: "holds no personal data: ids and dates", strings: { id: ids, tenantId: ids, clientId: ids, householdId: ids } },
  PlanVersion: {
    how: "anonymised: columns snapshot (goal texts, own step texts, step parameters and notes inside) blanked",
    strings: { planId: ids, snapshot: "texts inside blanked", reason: kind, createdBy: ids },
  },
  PlanAnswer: { how: "holds no personal data: ids, the version and the answer kind", strings: { id: ids, planId: ids, clientId: ids, answer: kind } },
  Goal: { how: "anonymised: columns text blanked", strings: { id: ids, planId: ids, area: kind, catalogueKey: kind, text: "blanked (—)", status: kind } },
  Step: {
    how: "anonymised: columns customText, params, note blanked",
    strings: {
      id: ids,
      goalId: ids,
      catalogueKey: kind,
      params: "emptied ({})",
      customText: "blanked (—)",
      note: "removed",
      responsible: kind,
      status: kind,
    },
  },
  CheckIn: { how: "holds no personal data: ids and the answer kind", strings: { id: ids, stepId: ids, clientId: ids, answer: kind } },
  Escalation: {
    how: "holds no personal data: ids and kinds (open ones are resolved)",
    strings: { id: ids, tenantId: ids, clientId: ids, managerId: ids, kind, subjectId: ids, status: kind },
  },
  Appointment: {
    how: "anonymised: columns clientAnswer blanked, place blanked when nobody else takes part",
    strings: {
      id: ids,
      tenantId: ids,
      managerId: ids,
      place: "blanked with nobody else",
      kind,
      status: kind,
      clientAnswer: "removed",
    },
  },
  AppointmentClient: { how: "holds no personal data: ids", strings: { appointmentId: ids, clientId: ids } },
  Contact: {
    how: "anonymised: columns note blanked",
    strings: { id: ids, tenantId: ids, clientId: ids, managerId: ids, kind, areas: "plan areas (kinds)", note: "removed" },
  },
  Referral: {
    how: "anonymised: columns target blanked for offers and volunteers (a regular service's key stays)",
    strings: { id: ids, tenantId: ids, clientId: ids, managerId: ids, targetKind: kind, target: "blanked unless a service key", status: kind },
  },
  Handover: {
    how: "anonymised: columns note blanked",
    strings: {
      id: ids,
      clientId: ids,
      fromManagerId: ids,
      fromAgency: "an agency's name (an organisation, not the person)",
      toManagerId: ids,
      note: "removed",
    },
  },
  AuditEvent: {
    how: "holds no personal data: ids and kinds (checked below)",
    strings: {
      id: ids,
      tenantId: ids,
      actorKind: kind,
      actorId: ids,
      action: kind,
      subjectKind: kind,
      subjectId: ids,
      clientId: ids,
      prevHash: "hex MAC",
      hash: "hex MAC",
      keyId: "key id",
    },
  },
  AuditChainHead: { how: "holds no personal data: the last sequence number and hash", strings: { id: ids, hash: "hex MAC" } },
  DialogState: {
    how: "erased: rows deleted (the running forms of the person's chats: the key names the chat)",
    strings: { key: "channel:chat id", state: "deleted with the row" },
  },
  ProcessedUpdate: { how: "holds no personal data: the provider's update ids", strings: { channel: kind, updateId: ids, claimedBy: "a boot id" } },
  OutboxMessage: {
    how: "anonymised: columns params blanked for every row to or about the person (waiting ones cancelled)",
    strings: {
      id: ids,
      dedupeKey: "ids and times",
      tenantId: ids,
      recipientKind: kind,
      recipientId: ids,
      clientId: ids,
      messageKey: kind,
      params: "emptied ({})",
      actions: "encoded actions (ids, kinds)",
      status: kind,
      providerMessageId: ids,
      lastError: "the provider's error kind",
    },
  },
  Setting: { how: "holds no personal data: installation and tenant settings", strings: { key: "setting name", value: "settings JSON" } },
  ConversationMessage: {
    how: "erased: rows deleted (messages between her and her managers)",
    strings: {
      id: ids,
      tenantId: ids,
      clientId: ids,
      managerId: ids,
      direction: kind,
      status: kind,
      text: "deleted with the row",
      phraseCode: kind,
      fileKind: kind,
      fileChannel: kind,
      fileRef: "deleted with the row",
      fileName: "deleted with the row",
      fileMime: "a MIME type",
      replyToId: ids,
    },
  },
  CounsellingExtension: {
    how: "erased: rows deleted",
    strings: { id: ids, tenantId: ids, clientId: ids, managerId: ids, reason: "deleted with the row" },
  },
  LocalOffer: {
    how: "holds no personal data: public offers of the municipality",
    strings: {
      id: ids,
      tenantId: ids,
      municipalityId: ids,
      source: kind,
      sourceKey: ids,
      kind,
      area: kind,
      texts: "the offer's title and summary",
      address: "the offer's address",
      timeText: "the offer's times",
      url: "the offer's link",
      createdBy: ids,
    },
  },
  Volunteer: {
    how: "holds no personal data: of a client (the volunteer's own register entry)",
    strings: {
      id: ids,
      tenantId: ids,
      municipalityId: ids,
      name: "the volunteer's name",
      languages: "language codes",
      offers: kind,
      availability: "the volunteer's availability",
    },
  },
  VolunteerMatch: {
    how: "anonymised: the first meeting's time and place removed (an active match ends)",
    strings: {
      id: ids,
      tenantId: ids,
      volunteerId: ids,
      clientId: ids,
      managerId: ids,
      offer: kind,
      contactWay: kind,
      status: kind,
      outcome: kind,
      meetingPlace: "removed",
    },
  },
  VolunteerInvite: {
    how: "holds no personal data: of a client (a volunteer's invite digest)",
    strings: { id: ids, codeHash: "HMAC digest", volunteerId: ids, tenantId: ids },
  },
  VolunteerIdentity: {
    how: "holds no personal data: of a client (the volunteer's chat account)",
    strings: { channel: kind, externalId: "the volunteer's chat id", volunteerId: ids, locale: "the volunteer's app language" },
  },
};

/** Every `model X { … }` of prisma/schema.prisma with its text columns (String, Json, Bytes; relations have model types). */
function schemaModels(source: string): Map<string, string[]> {
  const models = new Map<string, string[]>();
  for (const match of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const strings = match[2]!
      .split("\n")
      .map((line) => /^\s*(\w+)\s+(\w+)(\?|\[\])?(\s|$)/.exec(line))
      .filter((field): field is RegExpExecArray => field !== null && ["String", "Json", "Bytes"].includes(field[2] ?? ""))
      .map((field) => field[1]!);
    models.set(match[1]!, strings);
  }
  return models;
}

const models = schemaModels(readFileSync(join(root, "prisma/schema.prisma"), "utf8"));

/** A sealed value as aesGcmCrypto writes it (key-ring.ts), anywhere in a text. */
const sealedPattern = /v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]*/g;

/** The text with every sealed value replaced by what it opens to, recursively (plan versions seal step notes again). */
function opened(text: string, depth = 0): string {
  if (depth > 3) return text;
  return text.replace(sealedPattern, (sealed) => opened(crypto.decrypt(sealed), depth + 1));
}

const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
const found = (text: string) => markers.filter((marker) => text.toLowerCase().includes(marker.toLowerCase()));

type Row = Record<string, unknown>;

async function tableRows(store: PrismaStore, model: string): Promise<Row[]> {
  return store.db.$queryRawUnsafe<Row[]>(`SELECT * FROM "${model}"`);
}

/** Every row of every table (as the database has it), each as JSON with its sealed values opened. */
async function everyRow(store: PrismaStore): Promise<{ model: string; row: string }[]> {
  const all: { model: string; row: string }[] = [];
  for (const model of models.keys()) {
    for (const row of await tableRows(store, model)) all.push({ model, row: opened(json(row)) });
  }
  return all;
}

/** The rows that name one of the ids (as a whole JSON value), by table; for "kept as it was" comparisons. */
async function rowsNaming(store: PrismaStore, idsToFind: string[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const model of models.keys()) {
    const rows = (await tableRows(store, model)).map(json).filter((row) => idsToFind.some((id) => row.includes(`"${id}"`)));
    if (rows.length > 0) result[model] = rows.sort();
  }
  return result;
}

const clientActor = (client: Client): Actor => ({ kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId });

interface World {
  amina: Client;
  omar: Client;
  lena: Client;
  eva: Manager;
  jonas: Manager;
  /** A message about Amina a dispatcher has claimed and is sending while she is erased. */
  inFlight: OutboxClaim;
}

/**
 * Amina (to be erased) has data in every table that can refer to a client; Omar lives in her household (a household
 * plan, a shared appointment); Lena is another client of the same manager. Amina's texts carry MARK, theirs "KEEP".
 */
async function seed(deps: CoreDeps, store: PrismaStore, clock: FakeClock): Promise<World> {
  const tenant = await addTenant(deps, operator, { name: "Landkreis KEEP" });
  const town = await addMunicipality(deps, operator, { tenantId: tenant.id, name: "KEEP-Stadt" });
  const added = async (name: string, role: "manager" | "supervisor", chat: string) => {
    const { manager, invite } = await addManager(deps, operator, { tenantId: tenant.id, name, role, municipalityIds: [town.id] });
    await handleInbound(deps, telegramChat(chat), { kind: "command", command: "start", args: invite.code });
    return manager;
  };
  const eva = await added("Eva KEEP", "manager", "5550001");
  const jonas = await added("Jonas KEEP", "manager", "5550002");
  await added("Sabine KEEP", "supervisor", "5550003");
  const asEva = staffActor(eva);

  // Bashir (in a group appointment with Amina). Amina: her household is labelled with her name (createClient's
  // default); Omar joins it. Lena is on her own.
  const bashir = (await createClient(deps, asEva, { name: "KEEP-Bashir Nasser", language: "ar", municipalityId: town.id })).client;
  const created = await createClient(deps, asEva, { name: `${MARK}-Name Amina Haddad`, language: "ar", municipalityId: town.id });
  const amina = created.client;
  const omar = (await createClient(deps, asEva, { name: "KEEP-Omar Haddad", language: "ar", householdId: amina.householdId })).client;
  const lenaCreated = await createClient(deps, asEva, { name: "KEEP-Lena Fremd", language: "uk", municipalityId: town.id });
  const lena = lenaCreated.client;

  // Chat accounts: Amina's old phone, then her current one (the old one is switched off); Lena's.
  const start = (chat: ChatSession, code: string) => handleInbound(deps, chat, { kind: "command", command: "start", args: code });
  await start(telegramChat(OLD_CHAT, "ar"), created.invite.code);
  await start(telegramChat(CHAT, "ar"), (await issueClientInvite(deps, asEva, { clientId: amina.id })).code);
  await start(telegramChat("8888001", "uk"), lenaCreated.invite.code);
  // An invite issued again and never used.
  await issueClientInvite(deps, asEva, { clientId: amina.id });
  for (const client of [amina, lena]) {
    await giveConsent(deps, clientActor(client), { clientId: client.id, purposes: ["messaging", "plan_checkins"], channel: "telegram" });
    await giveConsent(deps, asEva, { clientId: client.id, purposes: ["data_health", "data_residence"], channel: "in_person" });
  }
  await giveConsent(deps, asEva, { clientId: omar.id, purposes: ["messaging"], channel: "in_person" });

  await recordAssessment(deps, asEva, {
    clientId: amina.id,
    interests: [`${MARK}-interest Schneidern`],
    degrees: [{ title: `${MARK}-degree Lehramt`, country: "SY", recognition: "in_progress" }],
    health: { text: `${MARK}-health Diabetes`, flags: ["chronic_illness"] },
    residence: { status: `${MARK}-residence Duldung`, validUntil: "2027-09-30" },
  });
  await recordAssessment(deps, asEva, { clientId: lena.id, interests: ["KEEP-interest Musik"], health: { text: "KEEP-health Allergie", flags: [] } });

  // Plans: Amina's own (catalogue step with a child's name, own step, notes, a review), the household's, Lena's.
  const plan = await createPlan(deps, asEva, { clientId: amina.id });
  const goal = await addGoal(deps, asEva, { planId: plan.id, area: "education", text: `${MARK}-goal Kita für Leyla` });
  const kita = await addStep(deps, asEva, {
    goalId: goal.id,
    catalogueKey: "find_kita_place",
    params: { childName: `${MARK}-child Leyla` },
    note: `${MARK}-stepnote Kinderbetreuung ungeklärt`,
  });
  await addStep(deps, asEva, { goalId: goal.id, customText: `${MARK}-step Anmeldung bei Frau Schulz`, note: `${MARK}-stepnote2 Termin fehlt` });
  await completeReview(deps, asEva, { planId: plan.id });
  const householdPlan = await createPlan(deps, asEva, { householdId: amina.householdId });
  await addGoal(deps, asEva, { planId: householdPlan.id, area: "housing", text: "KEEP-household Wohnung finden" });
  const lenaPlan = await createPlan(deps, asEva, { clientId: lena.id });
  const lenaGoal = await addGoal(deps, asEva, { planId: lenaPlan.id, area: "language", text: "KEEP-goal Deutsch B1" });
  await addStep(deps, asEva, { goalId: lenaGoal.id, customText: "KEEP-step VHS", note: "KEEP-stepnote Abendkurs" });
  await completeReview(deps, asEva, { planId: lenaPlan.id });

  // Amina asks for help with the Kita step (a check-in, an escalation, a message to Eva with her name).
  await answerCheckIn(deps, clientActor(amina), { stepId: kita.step.id, answer: "need_help" });

  // Appointments: one today with Bashir (his id comes first: the attendance prompt is "about" him but names both);
  // tomorrow Amina alone at home (first of the day: the morning agenda names its place), with Omar at the town hall,
  // and Lena's. Amina answers hers with a text.
  await createAppointment(deps, asEva, { clientIds: [bashir.id, amina.id], startsAt: "2027-03-01T09:00:00Z", place: "KEEP-VHS Raum 2" });
  const solo = await createAppointment(deps, asEva, { clientIds: [amina.id], startsAt: "2027-03-02T08:00:00Z", place: `${MARK}-place bei Amina zuhause` });
  await createAppointment(deps, asEva, { clientIds: [amina.id, omar.id], startsAt: "2027-03-02T10:00:00Z", place: "KEEP-Rathaus Zimmer 3" });
  await createAppointment(deps, asEva, { clientIds: [lena.id], startsAt: "2027-03-02T12:00:00Z", place: "KEEP-Lena Büro" });
  await answerAppointment(deps, clientActor(amina), { appointmentId: solo.id, answer: "other_time", text: `${MARK}-answer lieber nachmittags` });

  await logContact(deps, asEva, { clientId: amina.id, kind: "phone", durationMin: 15, note: `${MARK}-contact Vermieter droht` });
  await logContact(deps, asEva, { clientId: lena.id, kind: "office", durationMin: 30, note: "KEEP-contact Bewerbung" });
  // With follow-ups: Eva's questions name the person and what she typed, Amina's own question waits in the outbox.
  const followUpAt = "2027-03-15T09:00:00Z";
  await referClient(deps, asEva, { clientId: amina.id, targetKind: "volunteer", target: `${MARK}-referral Lesepatin Frau Maier`, followUpAt });
  await referClient(deps, asEva, { clientId: amina.id, targetKind: "service", service: "jobcenter", followUpAt });
  await referClient(deps, asEva, { clientId: lena.id, targetKind: "offer", target: "KEEP-referral Sprachcafé", followUpAt });
  const offer = await addLocalOffer(deps, asEva, { municipalityId: town.id, area: "language", title: "KEEP-offer Nähcafé", address: "KEEP-Marktplatz 1" });
  await shareOffer(deps, asEva, { offerId: offer.id, clientId: amina.id, refer: true });
  await extendCounsellingPeriod(deps, asEva, { clientId: amina.id, reason: `${MARK}-extension Ausbildung beginnt im Herbst` });
  await extendCounsellingPeriod(deps, asEva, { clientId: lena.id, reason: "KEEP-extension Studium beginnt bald" });

  const volunteer = await registerVolunteer(deps, asEva, {
    municipalityId: town.id,
    name: "KEEP-Vera Ehrenamt",
    languages: ["de", "ar"],
    offers: ["language_tandem"],
    availability: "KEEP-montags abends",
    consent: true,
  });
  await linkVolunteer(deps, telegramChat("6660001"), (await issueVolunteerInvite(deps, asEva, { volunteerId: volunteer.id })).code);
  const aminasMatch = await matchVolunteer(deps, asEva, {
    clientId: amina.id,
    volunteerId: volunteer.id,
    offer: "language_tandem",
    contactWay: "volunteer_calls",
  });
  const lenasMatch = await matchVolunteer(deps, asEva, {
    clientId: lena.id,
    volunteerId: volunteer.id,
    offer: "language_tandem",
    contactWay: "manager_introduces",
  });
  // Their first meetings: Amina's at her home (the place may name where she lives).
  await setFirstMeeting(deps, asEva, { matchId: aminasMatch.match.id, startsAt: "2027-03-04T14:00:00Z", place: `${MARK}-meeting bei Amina zuhause` });
  await setFirstMeeting(deps, asEva, { matchId: lenasMatch.match.id, startsAt: "2027-03-05T14:00:00Z", place: "KEEP-meeting Stadtbibliothek" });

  // Amina wrote to Eva (a document with a text, passed on and answered with a standard phrase) and has a draft
  // waiting; Lena wrote too. Stored through the repository (conversations.ts).
  const message = (id: string, client: Client, overrides: Partial<ConversationMessage>): ConversationMessage => ({
    id,
    tenantId: tenant.id,
    clientId: client.id,
    managerId: eva.id,
    direction: "from_client",
    status: "open",
    text: null,
    phraseCode: null,
    file: null,
    replyToId: null,
    createdAt: clock.now(),
    passedAt: clock.now(),
    closedAt: null,
    ...overrides,
  });
  await store.conversations.create(
    message("conversation-amina-1", amina, {
      status: "answered",
      text: `${MARK}-conversation mein Vermieter will mich rauswerfen`,
      file: { kind: "document", channel: "telegram", ref: `${MARK}-fileref`, name: `${MARK}-file Kündigung.pdf`, mimeType: "application/pdf" },
      closedAt: clock.now(),
    }),
  );
  await store.conversations.create(
    message("conversation-amina-2", amina, { direction: "to_client", status: "sent", phraseCode: "will_call_you", replyToId: "conversation-amina-1" }),
  );
  await store.conversations.create(
    message("conversation-amina-3", amina, {
      status: "draft",
      file: { kind: "photo", channel: "telegram", ref: `${MARK}-photoref`, name: null, mimeType: "image/jpeg" },
      passedAt: null,
    }),
  );
  await store.conversations.create(message("conversation-lena-1", lena, { text: "KEEP-conversation Lena fragt nach dem Kurs" }));

  // Eva's morning agenda for tomorrow is planned (it names the first appointment's place).
  await planMorningAgendas(deps);
  // The dispatcher sends what is due now; one message to Amina fails for good.
  const due = await store.outbox.claimDue(clock.now(), 1000, 60_000);
  for (const [i, row] of due.entries()) {
    if (i === 0 && row.recipientKind === "client" && row.recipientId === amina.id) await store.outbox.markFailed(row, "permanent: 400");
    else await store.outbox.markSent(row, `tg:${i}`, clock.now());
  }

  // Her case goes to Jonas (with a note), and she asks for erasure.
  await handOverCase(deps, asEva, { clientId: amina.id, toManagerId: jonas.id, keepPreviousAsShared: true, note: `${MARK}-handover Konflikt mit Nachbarn` });
  await requestErasure(deps, clientActor(amina), { clientId: amina.id });

  // Tomorrow 07:30 local: the attendance prompt for the group appointment is planned, and it and the agenda go out;
  // the message about her request is being sent when she is erased. Her chat is in the middle of a form, as is Lena's.
  clock.set("2027-03-02T06:30:00Z");
  await planAttendancePrompts(deps);
  const formUntil = new Date(clock.now().getTime() + 1_800_000);
  await store.dialogs.put(dialogKey(telegramChat(CHAT)), { form: "answer", typed: `${MARK}-dialog wann passt es` }, formUntil);
  await store.dialogs.put(dialogKey(telegramChat("8888001")), { form: "answer", typed: "KEEP-dialog Lena tippt" }, formUntil);
  let inFlight: OutboxClaim | null = null;
  for (const row of await store.outbox.claimDue(clock.now(), 1000, 60_000)) {
    if (!inFlight && row.clientId === amina.id) inFlight = row;
    else await store.outbox.markSent(row, `tg:${row.id}`, clock.now());
  }
  if (!inFlight) throw new Error("no message about Amina in the dispatcher's hands");
  return { amina, omar, lena, eva, jonas, inFlight };
}

for (const kind of databaseKinds()) {
  describe(`erasure leaves nothing behind on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let deps: CoreDeps;
    let world: World;
    let keptBefore: Record<string, string[]>;
    let markedBefore: string[];

    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.target);
      store = createPrismaStore(db.target, { sealer: storeSealer(crypto) });
      const clock = new FakeClock("2027-03-01T08:00:00Z");
      deps = { store, clock, ids: new SequentialIds(), crypto, datePhrases: chronoDatePhrases, defaultZone: "Europe/Berlin" };
      world = await seed(deps, store, clock);
      markedBefore = [...new Set((await everyRow(store)).filter(({ row }) => found(row).length > 0).map(({ model }) => model))].sort();
      keptBefore = await rowsNaming(store, [world.lena.id, world.omar.id]);
      // The server restarts before the erasure: the migrator refreshes the planner's statistics (PRAGMA optimize).
      await migrate(db.target);
      await eraseClient(deps, system, { clientId: world.amina.id });
      // The dispatcher that held the message during the erasure marks it sent afterwards.
      await store.outbox.markSent(world.inFlight, "tg:late", deps.clock.now());
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it("describes every table of the schema and every text column of it (coverage table)", () => {
      expect(models.size).toBeGreaterThan(30);
      expect(
        [...models.keys()].filter((model) => !(model in coverage)),
        "models without an entry in `coverage`",
      ).toEqual([]);
      expect(
        Object.keys(coverage).filter((model) => !models.has(model)),
        "entries for models that are gone",
      ).toEqual([]);
      for (const [model, strings] of models) {
        const described = Object.keys(coverage[model]?.strings ?? {});
        expect(
          strings.filter((column) => !described.includes(column)),
          `String columns of ${model} not in coverage`,
        ).toEqual([]);
        expect(
          described.filter((column) => !strings.includes(column)),
          `columns of ${model} in coverage that are gone`,
        ).toEqual([]);
      }
    });

    it("seeded a marker into every table whose text can hold a client's data", () => {
      const mayHoldMarkers = Object.entries(coverage)
        .filter(([, entry]) => !entry.how.startsWith("holds no personal data"))
        .map(([model]) => model)
        .sort();
      expect(markedBefore).toEqual(mayHoldMarkers);
    });

    it("leaves no marker in any row of any table, sealed values opened", async () => {
      const left = (await everyRow(store)).filter(({ row }) => found(row).length > 0);
      expect(left.map(({ model, row }) => `${model}: ${row}`)).toEqual([]);
    });

    it("blanks the client, her texts and her chat accounts; deletes her assessment, extensions, conversations and running forms", async () => {
      expect(await store.clients.get(world.amina.id)).toMatchObject({ name: erasedName, status: "closed", anonymizedAt: expect.any(Date) });
      expect(await store.assessments.get(world.amina.id)).toBeNull();
      expect(await store.counsellingExtensions.listForClient(world.amina.id)).toEqual([]);
      expect(await store.conversations.listForClient(world.amina.id)).toEqual([]);
      expect(await store.db.dialogState.count({ where: { key: { contains: CHAT } } })).toBe(0);
      const identities = await store.identities.listAllForClient(world.amina.id);
      expect(identities).toHaveLength(2);
      for (const identity of identities)
        expect(identity).toMatchObject({ active: false, conversationRef: null, locale: null, externalId: expect.stringMatching(/^erased:/) });
      const outbox = await store.db.outboxMessage.findMany({ where: { OR: [{ clientId: world.amina.id }, { recipientId: world.amina.id }] } });
      expect(outbox.length).toBeGreaterThan(5);
      expect(outbox.filter((row) => row.status === "pending")).toEqual([]);
      expect(outbox.map((row) => row.params).filter((params) => params !== "{}")).toEqual([]);
    });

    it("keeps every row of her household member and of the unrelated client as it was", async () => {
      expect(await rowsNaming(store, [world.lena.id, world.omar.id])).toEqual(keptBefore);
      expect(await store.clients.get(world.lena.id)).toMatchObject({ name: "KEEP-Lena Fremd", anonymizedAt: null, status: "open" });
      expect(await store.clients.get(world.omar.id)).toMatchObject({ name: "KEEP-Omar Haddad", anonymizedAt: null });
      const [contact] = await store.contacts.listForClient(world.lena.id, 10);
      expect(crypto.decrypt(contact?.note ?? "")).toBe("KEEP-contact Bewerbung");
      const lenaPlan = await store.plans.findForClient(world.lena.id);
      expect((await store.goals.listForPlan(lenaPlan?.id ?? "")).map((g) => g.text)).toEqual(["KEEP-goal Deutsch B1"]);
      const householdPlan = await store.plans.findForHousehold(world.omar.householdId);
      expect((await store.goals.listForPlan(householdPlan?.id ?? "")).map((g) => g.text)).toEqual(["KEEP-household Wohnung finden"]);
      const omarsAppointments = await store.appointments.listForClient(world.omar.id);
      expect(omarsAppointments.map((a) => [a.place, a.status])).toEqual([["KEEP-Rathaus Zimmer 3", "scheduled"]]);
      expect(await store.identities.findByExternal("telegram", "8888001")).toMatchObject({ clientId: world.lena.id, active: true });
      expect(await store.dialogs.get(dialogKey(telegramChat("8888001")), deps.clock.now())).toEqual({ form: "answer", typed: "KEEP-dialog Lena tippt" });
      expect(await store.counsellingExtensions.listForClient(world.lena.id)).toHaveLength(1);
      expect((await store.conversations.listForClient(world.lena.id)).map((m) => m.text)).toEqual(["KEEP-conversation Lena fragt nach dem Kurs"]);
      expect((await store.assessments.get(world.lena.id))?.sensitive).not.toBeNull();
    });

    it("keeps her audit trail with ids and kinds only, and records the erasure", async () => {
      const trail = await store.db.auditEvent.findMany({ where: { OR: [{ clientId: world.amina.id }, { subjectId: world.amina.id }] } });
      expect(trail.length).toBeGreaterThan(10);
      expect(trail.filter((e) => e.action === "privacy.erase")).toEqual([expect.objectContaining({ actorKind: "system", clientId: world.amina.id })]);
      const idLike = /^[\w:.-]{1,64}$/;
      for (const event of trail) {
        for (const column of ["id", "tenantId", "actorId", "subjectId", "clientId"] as const) {
          const value = event[column];
          if (value !== null) expect(value, `${event.action}.${column}`).toMatch(idLike);
        }
        expect(event.actorKind).toMatch(/^[a-z]+$/);
        expect(event.action).toMatch(/^[a-z_]+(\.[a-z_]+)*(:[a-z_,]+)?$/);
        expect(event.subjectKind).toMatch(/^[a-z_]+$/);
        for (const column of ["prevHash", "hash", "keyId"] as const) {
          const value = event[column];
          if (value !== null) expect(value, column).toMatch(/^[0-9a-f]*$/);
        }
      }
    });

    it.runIf(kind.name === "sqlite")("leaves no marker in the bytes of the SQLite database file or its log", async () => {
      await store.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const file = db.target.file;
      if (!file) throw new Error("not SQLite");
      const files = [file, `${file}-wal`].filter((path) => existsSync(path));
      for (const path of files) {
        const bytes = readFileSync(path);
        const left = markers.flatMap((marker) => [marker, marker.toLowerCase()]).filter((marker) => bytes.includes(marker));
        expect(left, path).toEqual([]);
      }
    });
  });
}
