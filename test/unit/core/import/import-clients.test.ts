import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { DomainError } from "../../../../src/core/errors.ts";
import { importClients } from "../../../../src/core/import/import-clients.ts";
import { parseCsv } from "../../../../src/core/import/csv.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedManager, seedTenant, staffActor } from "../../../support/seed.ts";

async function world() {
  const core = testCore("2027-03-01T09:00:00Z");
  const tenantId = await seedTenant(core.store);
  const manager = await seedManager(core.store, tenantId, "manager", "Eva Muster");
  await seedManager(core.store, tenantId, "supervisor", "Sabine Aufsicht");
  await core.store.municipalities.create({ id: "m-plo", tenantId, name: "Plochingen", createdAt: new Date(0) });
  return { ...core, tenantId, manager };
}

const header = "name,language,household,municipality,manager,case_started,languages,schooling_years,interests,children_count,children_ages";
const good = [
  header,
  "Amina Haddad,ar,Familie Haddad,Plochingen,Eva Muster,2025-04-01,ar:native|de:A2,10,Kochen|Nähen,2,4|7",
  "Yusuf Haddad,AR,Familie Haddad,plochingen,Eva Muster,2025-04-01,,,,,",
  '"Kovalenko, Olena",uk,,,Eva Muster,,uk:native|ru:C1,,,,',
].join("\n");

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("invalid_input");
  return (error as DomainError).issues.map((i) => i.message);
}

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF, a byte order mark and semicolons", () => {
    expect(parseCsv('\uFEFFname,note\r\n"A, B","say ""hi""\nthere"\r\n\r\nC,d\r\n')).toEqual({
      columns: ["name", "note"],
      rows: [
        { number: 2, cells: ["A, B", 'say "hi"\nthere'] },
        { number: 4, cells: ["C", "d"] },
      ],
    });
    expect(parseCsv("Name;Language\nAmina;ar").rows[0]?.cells).toEqual(["Amina", "ar"]);
  });
});

describe("importClients", () => {
  it("a dry run says row by row what would happen and changes nothing", async () => {
    const { deps, store, tenantId, manager } = await world();
    const result = await importClients(deps, operator, { tenantId, csv: good, dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.rows).toEqual([
      expect.objectContaining({
        row: 2,
        name: "Amina Haddad",
        language: "ar",
        household: { label: "Familie Haddad", isNew: true },
        municipality: { id: "m-plo", name: "Plochingen" },
        manager: { id: manager.id, name: "Eva Muster" },
        assessmentFields: ["languages", "schooling", "interests", "household"],
      }),
      expect.objectContaining({ row: 3, name: "Yusuf Haddad", language: "ar", household: { label: "Familie Haddad", isNew: false } }),
      expect.objectContaining({ row: 4, name: "Kovalenko, Olena", language: "uk", municipality: null, assessmentFields: ["languages"] }),
    ]);
    expect((await store.clients.search({ tenantId })).total).toBe(0);
  });

  it("records what the earlier refugee social work handed over: agency and day, the summary sealed; a half-named handover is refused", async () => {
    const { deps, store, tenantId, manager } = await world();
    const csv = [
      "name,language,manager,earlier_agency,earlier_handover,earlier_summary",
      "Amina Haddad,ar,Eva Muster,Caritas Göppingen,2027-02-15,Wohnungssuche läuft",
      "Omid Rahimi,fa,Eva Muster,,,",
    ].join("\n");
    const planned = await importClients(deps, operator, { tenantId, csv, dryRun: true });
    expect(planned.rows.map((r) => r.earlierWork)).toEqual([{ agency: "Caritas Göppingen", handedOverOn: "2027-02-15", withSummary: true }, null]);
    const imported = await importClients(deps, operator, { tenantId, csv });
    const [amina, omid] = imported.rows as Extract<typeof imported, { dryRun: false }>["rows"];
    const [record] = await store.handovers.listForClient(amina!.clientId);
    expect(record).toMatchObject({ fromManagerId: null, fromAgency: "Caritas Göppingen", toManagerId: manager.id, at: new Date("2027-02-14T23:00:00Z") });
    expect(record?.note).not.toBe("Wohnungssuche läuft");
    expect(deps.crypto.decrypt(record!.note!)).toBe("Wohnungssuche läuft");
    expect(await store.handovers.listForClient(omid!.clientId)).toEqual([]);

    const halfNamed = [
      "name,language,manager,earlier_agency,earlier_handover",
      "Sara Haddad,ar,Eva Muster,,2027-02-15",
      "Ali Haddad,ar,Eva Muster,AWO,2027-03-02",
    ].join("\n");
    expect(await problemsOf(importClients(deps, operator, { tenantId, csv: halfNamed }))).toEqual([
      "row 2, column earlier_agency: name the agency of the earlier refugee social work",
      "row 3, column earlier_handover: must not be in the future",
    ]);
  });

  it("imports every row with household, case start in the tenant's zone, manager, assessment and an invite", async () => {
    const { deps, store, tenantId, manager } = await world();
    const result = await importClients(deps, operator, { tenantId, csv: good });
    expect(result.rows).toHaveLength(3);
    const [amina, yusuf, olena] = result.rows as Extract<typeof result, { dryRun: false }>["rows"];
    const storedAmina = await store.clients.get(amina!.clientId);
    const storedYusuf = await store.clients.get(yusuf!.clientId);
    expect(storedAmina).toMatchObject({
      name: "Amina Haddad",
      language: "ar",
      municipalityId: "m-plo",
      status: "open",
      caseStartedAt: new Date("2025-03-31T22:00:00Z"),
    });
    expect(storedYusuf?.householdId).toBe(storedAmina?.householdId);
    expect((await store.clients.get(olena!.clientId))?.caseStartedAt).toEqual(new Date("2027-03-01T09:00:00Z"));
    expect(await store.assignments.listForClient(amina!.clientId)).toEqual([expect.objectContaining({ managerId: manager.id, kind: "primary" })]);
    expect((await store.assessments.get(amina!.clientId))?.data).toEqual({
      languages: [
        { code: "ar", level: "native" },
        { code: "de", level: "A2" },
      ],
      schooling: { years: 10 },
      interests: ["Kochen", "Nähen"],
      household: { childrenCount: 2, childrenAges: [4, 7] },
    });
    expect(await store.assessments.get(yusuf!.clientId)).toBeNull();
    // The imported assessment is the first version of its history.
    expect(await store.assessmentVersions.listForClient(amina!.clientId)).toEqual([
      expect.objectContaining({ version: 1, recordedBy: "import", changed: ["languages", "schooling", "interests", "household"], gender: null }),
    ]);
    expect(await store.assessmentVersions.listForClient(yusuf!.clientId)).toEqual([]);
    expect(amina!.invite.code).toMatch(/\S{6,}/);
    const invite = await store.invites.findByCodeHash(deps.crypto.digest(amina!.invite.code));
    expect(invite).toMatchObject({ purpose: "link_client", clientId: amina!.clientId });
    // the clients now appear in the manager's caseload
    expect((await store.clients.search({ tenantId, managerId: manager.id })).total).toBe(3);
  });

  it("lists every broken row and column and imports nothing", async () => {
    const { deps, store, tenantId } = await world();
    const csv = [
      header,
      "Amina Haddad,ar,,,Eva Muster,,,,,,",
      ",xx,,,Eva Muster,,,,,,",
      "Ali,fa,,Nirgendwo,Unbekannt,2030-01-01,,,,,",
      "Sara,ti,,,Sabine Aufsicht,,de:Z9,zehn,,,",
      "Omar,so,,,Eva Muster,2025-02-30,,,,,",
      "Amina Haddad,ar,,,Eva Muster,,,,,,",
    ].join("\n");
    const problems = await problemsOf(importClients(deps, operator, { tenantId, csv }));
    expect(problems).toEqual([
      "row 3, column name: must not be empty",
      expect.stringMatching(/^row 3, column language: /),
      'row 4, column municipality: unknown municipality "Nirgendwo"',
      'row 4, column manager: unknown manager "Unbekannt"',
      "row 4, column case_started: must not be in the future",
      "row 5, column languages: level must be one of A1, A2, B1, B2, C1, C2, native (e.g. ar:native|de:A2)",
      "row 5, column schooling_years: must be a whole number",
      "row 6, column case_started: must be a date like 2025-03-01",
      "row 7, column name: the same person as row 2",
    ]);
    expect((await store.clients.search({ tenantId })).total).toBe(0);
  });

  it("refuses a supervisor as manager, unknown or missing columns, and a re-import of the same person", async () => {
    const { deps, tenantId } = await world();
    expect(await problemsOf(importClients(deps, operator, { tenantId, csv: "name,language,manager\nSara,ti,Sabine Aufsicht" }))).toEqual([
      "row 2, column manager: Sabine Aufsicht is a supervisor and does not take on cases",
    ]);
    expect(await problemsOf(importClients(deps, operator, { tenantId, csv: "name,sprache,health\nSara,ti,x" }))).toEqual([
      expect.stringMatching(/^row 1, column sprache: unknown column/),
      expect.stringMatching(/^row 1, column health: unknown column/),
      "row 1, column language: required column is missing",
      "row 1, column manager: required column is missing",
    ]);
    expect(await problemsOf(importClients(deps, operator, { tenantId, csv: 'name,language,manager\n"Sara,ti,Eva' }))).toEqual([
      "row 2: a quoted field is not closed",
    ]);
    await importClients(deps, operator, { tenantId, csv: "name,language,manager\nSara,ti,Eva Muster" });
    expect(await problemsOf(importClients(deps, operator, { tenantId, csv: "name,language,manager\nsara,ti,Eva Muster" }))).toEqual([
      "row 2, column name: this client already exists in this household",
    ]);
  });

  it("is for the operator and the tenant's admin, not for managers", async () => {
    const { deps, store, tenantId, manager } = await world();
    const admin = await seedManager(store, tenantId, "admin", "Anna Admin");
    await expect(importClients(deps, staffActor(manager), { tenantId, csv: good, dryRun: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(importClients(deps, staffActor(admin), { tenantId, csv: good, dryRun: true })).resolves.toMatchObject({ dryRun: true });
    await expect(importClients(deps, operator, { tenantId: "nope", csv: good })).rejects.toMatchObject({ code: "not_found" });
  });
});
