import { z } from "zod";
import { stepStatuses, type PlanStep } from "../../core/plans/model.ts";
import type { StepRepository } from "../../core/plans/repositories.ts";
import { stepResponsibles } from "../../core/plans/step-catalogue.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { DbTransaction } from "../prisma-client.ts";

const paramsSchema = z.record(z.string(), z.string());
const statusSchema = z.enum(stepStatuses);
const responsibleSchema = z.enum(stepResponsibles);

type Row = Omit<PlanStep, "params" | "status" | "responsible"> & { params: string; status: string; responsible: string };

const toStep = (row: Row): PlanStep => ({
  ...row,
  params: readJson(paramsSchema, row.params, "Step.params"),
  status: statusSchema.parse(row.status),
  responsible: responsibleSchema.parse(row.responsible),
});
const toRow = (step: PlanStep) => ({ ...step, params: writeJson(step.params) });

export function stepRepository(db: DbTransaction): StepRepository {
  return {
    async create(step) {
      await db.step.create({ data: toRow(step) });
    },
    async get(id) {
      const row = await db.step.findUnique({ where: { id } });
      return row ? toStep(row) : null;
    },
    async update(step) {
      const { id, ...data } = toRow(step);
      await db.step.update({ where: { id }, data });
    },
    async listForPlan(planId) {
      const rows = await db.step.findMany({ where: { goal: { planId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toStep);
    },
  };
}
