import { z } from "zod";
import { stepStatuses, type PlanStep } from "../../core/plans/model.ts";
import { checkInDedupePrefix, checkInMessageKey } from "../../core/plans/check-in-keys.ts";
import type { StepAwaitingCheckIn, StepRepository } from "../../core/plans/repositories.ts";
import { stepResponsibles } from "../../core/plans/step-catalogue.ts";
import { readJson, writeJson } from "../json-column.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import { rawDate, rawDateOrNull, rawInteger, rawText, rawTextOrNull, type RawRow } from "../raw-rows.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { TextSealer } from "../text-sealer.ts";
import { caseloadPlanFilter } from "./caseload.ts";

const paramsSchema = z.record(z.string(), z.string());
const statusSchema = z.enum(stepStatuses);
const responsibleSchema = z.enum(stepResponsibles);

type Row = Omit<PlanStep, "params" | "status" | "responsible"> & { params: string; status: string; responsible: string };

const toStep = (sealer: TextSealer, row: Row): PlanStep => ({
  ...row,
  customText: row.customText === null ? null : sealer.open(row.customText),
  params: readJson(paramsSchema, sealer.open(row.params), "Step.params"),
  status: statusSchema.parse(row.status),
  responsible: responsibleSchema.parse(row.responsible),
});
const toRow = (sealer: TextSealer, step: PlanStep) => ({
  ...step,
  customText: step.customText === null ? null : sealer.seal(step.customText),
  params: sealer.seal(writeJson(step.params)),
});

const stepColumns = `"id", "goalId", "catalogueKey", "params", "customText", "note", "responsible", "dueAt", "cadenceDays", "status", "lastCheckinAt", "createdAt"`;
const getSql = directStatement("step_get", `SELECT ${stepColumns} FROM "Step" WHERE "id" = $1`);
const updateSql = directStatement(
  "step_update",
  `UPDATE "Step" SET "goalId" = $2, "catalogueKey" = $3, "params" = $4, "customText" = $5, "note" = $6, "responsible" = $7, "dueAt" = $8,
   "cadenceDays" = $9, "status" = $10, "lastCheckinAt" = $11, "createdAt" = $12 WHERE "id" = $1`,
);

const fromRawRow = (row: RawRow): Row => ({
  id: rawText(row, "id"),
  goalId: rawText(row, "goalId"),
  catalogueKey: rawTextOrNull(row, "catalogueKey"),
  params: rawText(row, "params"),
  customText: rawTextOrNull(row, "customText"),
  note: rawTextOrNull(row, "note"),
  responsible: rawText(row, "responsible"),
  dueAt: rawDateOrNull(row, "dueAt"),
  cadenceDays: row.cadenceDays === null || row.cadenceDays === undefined ? null : rawInteger(row, "cadenceDays"),
  status: rawText(row, "status"),
  lastCheckinAt: rawDateOrNull(row, "lastCheckinAt"),
  createdAt: rawDate(row, "createdAt"),
});

/** The own text and the parameters (a child's name, a place) are sealed at rest (text-sealer.ts); the note by the core. */
/**
 * `direct` (direct-sql.ts): the agenda's read of the caseload, and the read and write of a step that a check-in answer
 * makes, run on the driver.
 */
export function stepRepository(db: DbTransaction, sealer: TextSealer, direct: DirectSql): StepRepository {
  /**
   * The check-in rows of a page of steps, found through the people of their plans (indexed by client id) rather than
   * by dedupe-key prefix (a LIKE that neither SQLite nor PostgreSQL answers from an index).
   */
  async function checkInRowsOf(plans: { clientId: string | null; householdId: string | null }[]) {
    const householdIds = [...new Set(plans.flatMap((p) => (p.householdId ? [p.householdId] : [])))];
    const members = householdIds.length > 0 ? await db.client.findMany({ where: { householdId: { in: householdIds } }, select: { id: true } }) : [];
    const clientIds = [...new Set([...plans.flatMap((p) => (p.clientId ? [p.clientId] : [])), ...members.map((m) => m.id)])];
    if (clientIds.length === 0) return [];
    return db.outboxMessage.findMany({
      where: { clientId: { in: clientIds }, messageKey: checkInMessageKey },
      select: { dedupeKey: true, status: true, sentAt: true },
    });
  }

  return {
    async create(step) {
      await db.step.create({ data: toRow(sealer, step) });
    },
    async get(id) {
      const [raw] = await direct.rows(getSql, [id]);
      return raw ? toStep(sealer, fromRawRow(raw)) : null;
    },
    async update(step) {
      const { id, ...data } = toRow(sealer, step);
      const values = [
        id,
        data.goalId,
        data.catalogueKey,
        data.params,
        data.customText,
        data.note,
        data.responsible,
        data.dueAt,
        data.cadenceDays,
        data.status,
        data.lastCheckinAt,
        data.createdAt,
      ];
      if ((await direct.run(updateSql, values)) !== 1) throw new Error(`Step ${id} does not exist`);
    },
    async listForPlan(planId) {
      const rows = await db.step.findMany({ where: { goal: { planId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map((row) => toStep(sealer, row));
    },
    async listAwaitingCheckIn({ afterId, limit }) {
      const rows = await db.step.findMany({
        where: { status: { in: ["open", "in_progress"] }, cadenceDays: { not: null }, ...(afterId === undefined ? {} : { id: { gt: afterId } }) },
        include: { goal: { select: { plan: { select: { id: true, clientId: true, householdId: true } } } } },
        orderBy: { id: "asc" },
        take: limit,
      });
      const checkIns = await checkInRowsOf(rows.map((row) => row.goal.plan));
      const steps: StepAwaitingCheckIn[] = [];
      for (const { goal, ...row } of rows) {
        const own = checkIns.filter((c) => c.dedupeKey.startsWith(checkInDedupePrefix(row.id)));
        if (own.some((c) => c.status === "pending")) continue; // waiting or being sent (a claim is stored as pending: outbox.ts)
        steps.push({ step: toStep(sealer, row), planId: goal.plan.id, earlier: own.map((c) => ({ dedupeKey: c.dedupeKey, sentAt: c.sentAt })) });
      }
      return { steps, nextAfterId: rows.length < limit ? null : (rows[rows.length - 1]?.id ?? null) };
    },
    async listDueForManager({ tenantId, managerId, dueBy }) {
      const caseload = await caseloadPlanFilter(db, managerId, direct);
      if (caseload === null) return [];
      const rows = await db.step.findMany({
        where: { status: { in: ["open", "in_progress"] }, dueAt: { not: null, lte: dueBy }, goal: { plan: { tenantId, ...caseload } } },
        include: { goal: { select: { plan: { select: { id: true, clientId: true, householdId: true } } } } },
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
      return rows.map(({ goal, ...row }) => ({ step: toStep(sealer, row), plan: goal.plan }));
    },
  };
}
