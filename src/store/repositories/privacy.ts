import type { PrivacyRepository, SealedColumn, SealedValue } from "../../core/privacy/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const planVersionRowId = (planId: string, version: number) => `${planId}#${version}`;

function parsePlanVersionRowId(rowId: string): { planId: string; version: number } | null {
  const at = rowId.lastIndexOf("#");
  const version = Number(rowId.slice(at + 1));
  return at > 0 && Number.isInteger(version) ? { planId: rowId.slice(0, at), version } : null;
}

const sealed = (column: SealedColumn, rows: { rowId: string; value: string | null }[]): SealedValue[] =>
  rows.flatMap((row) => (row.value ? [{ column, rowId: row.rowId, value: row.value }] : []));

async function listSealed(db: DbTransaction, column: SealedColumn, after: string | null, take: number): Promise<SealedValue[]> {
  const idAfter = after === null ? {} : { gt: after };
  switch (column) {
    case "contact.note": {
      const rows = await db.contact.findMany({ where: { id: idAfter, note: { not: null } }, orderBy: { id: "asc" }, take, select: { id: true, note: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.note })),
      );
    }
    case "step.note": {
      const rows = await db.step.findMany({ where: { id: idAfter, note: { not: null } }, orderBy: { id: "asc" }, take, select: { id: true, note: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.note })),
      );
    }
    case "handover.note": {
      const rows = await db.handover.findMany({ where: { id: idAfter, note: { not: null } }, orderBy: { id: "asc" }, take, select: { id: true, note: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.note })),
      );
    }
    case "appointment.clientAnswer": {
      const rows = await db.appointment.findMany({
        where: { id: idAfter, clientAnswer: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, clientAnswer: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.clientAnswer })),
      );
    }
    case "assessment.sensitive": {
      const rows = await db.assessment.findMany({
        where: { clientId: idAfter, sensitive: { not: null } },
        orderBy: { clientId: "asc" },
        take,
        select: { clientId: true, sensitive: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.clientId, value: r.sensitive })),
      );
    }
    case "counsellingExtension.reason": {
      const rows = await db.counsellingExtension.findMany({ where: { id: idAfter }, orderBy: { id: "asc" }, take, select: { id: true, reason: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.reason })),
      );
    }
    case "goal.text": {
      const rows = await db.goal.findMany({ where: { id: idAfter }, orderBy: { id: "asc" }, take, select: { id: true, text: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.text })),
      );
    }
    case "step.customText": {
      const rows = await db.step.findMany({
        where: { id: idAfter, customText: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, customText: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.customText })),
      );
    }
    case "step.params": {
      const rows = await db.step.findMany({ where: { id: idAfter }, orderBy: { id: "asc" }, take, select: { id: true, params: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.params })),
      );
    }
    case "appointment.place": {
      const rows = await db.appointment.findMany({ where: { id: idAfter }, orderBy: { id: "asc" }, take, select: { id: true, place: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.place })),
      );
    }
    case "volunteerMatch.meetingPlace": {
      const rows = await db.volunteerMatch.findMany({
        where: { id: idAfter, meetingPlace: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, meetingPlace: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.meetingPlace ?? "" })),
      );
    }
    case "outbox.params": {
      const rows = await db.outboxMessage.findMany({
        where: { id: idAfter, params: { not: "{}" } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, params: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.params })),
      );
    }
    case "dialogState.state": {
      const rows = await db.dialogState.findMany({ where: { key: idAfter }, orderBy: { key: "asc" }, take, select: { key: true, state: true } });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.key, value: r.state })),
      );
    }
    case "conversationMessage.text": {
      const rows = await db.conversationMessage.findMany({
        where: { id: idAfter, text: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, text: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.text })),
      );
    }
    case "conversationMessage.fileRef": {
      const rows = await db.conversationMessage.findMany({
        where: { id: idAfter, fileRef: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, fileRef: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.fileRef })),
      );
    }
    case "conversationMessage.fileName": {
      const rows = await db.conversationMessage.findMany({
        where: { id: idAfter, fileName: { not: null } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, fileName: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: r.id, value: r.fileName })),
      );
    }
    case "planVersion.snapshot": {
      const cursor = after === null ? null : parsePlanVersionRowId(after);
      const where = cursor ? { OR: [{ planId: { gt: cursor.planId } }, { planId: cursor.planId, version: { gt: cursor.version } }] } : {};
      const rows = await db.planVersion.findMany({
        where,
        orderBy: [{ planId: "asc" }, { version: "asc" }],
        take,
        select: { planId: true, version: true, snapshot: true },
      });
      return sealed(
        column,
        rows.map((r) => ({ rowId: planVersionRowId(r.planId, r.version), value: r.snapshot })),
      );
    }
  }
}

async function replaceSealed(db: DbTransaction, column: SealedColumn, rowId: string, expected: string, next: string): Promise<boolean> {
  switch (column) {
    case "contact.note":
      return (await db.contact.updateMany({ where: { id: rowId, note: expected }, data: { note: next } })).count === 1;
    case "step.note":
      return (await db.step.updateMany({ where: { id: rowId, note: expected }, data: { note: next } })).count === 1;
    case "handover.note":
      return (await db.handover.updateMany({ where: { id: rowId, note: expected }, data: { note: next } })).count === 1;
    case "appointment.clientAnswer":
      return (await db.appointment.updateMany({ where: { id: rowId, clientAnswer: expected }, data: { clientAnswer: next } })).count === 1;
    case "assessment.sensitive":
      return (await db.assessment.updateMany({ where: { clientId: rowId, sensitive: expected }, data: { sensitive: next } })).count === 1;
    case "counsellingExtension.reason":
      return (await db.counsellingExtension.updateMany({ where: { id: rowId, reason: expected }, data: { reason: next } })).count === 1;
    case "goal.text":
      return (await db.goal.updateMany({ where: { id: rowId, text: expected }, data: { text: next } })).count === 1;
    case "step.customText":
      return (await db.step.updateMany({ where: { id: rowId, customText: expected }, data: { customText: next } })).count === 1;
    case "step.params":
      return (await db.step.updateMany({ where: { id: rowId, params: expected }, data: { params: next } })).count === 1;
    case "appointment.place":
      return (await db.appointment.updateMany({ where: { id: rowId, place: expected }, data: { place: next } })).count === 1;
    case "volunteerMatch.meetingPlace":
      return (await db.volunteerMatch.updateMany({ where: { id: rowId, meetingPlace: expected }, data: { meetingPlace: next } })).count === 1;
    case "outbox.params":
      return (await db.outboxMessage.updateMany({ where: { id: rowId, params: expected }, data: { params: next } })).count === 1;
    case "dialogState.state":
      return (await db.dialogState.updateMany({ where: { key: rowId, state: expected }, data: { state: next } })).count === 1;
    case "conversationMessage.text":
      return (await db.conversationMessage.updateMany({ where: { id: rowId, text: expected }, data: { text: next } })).count === 1;
    case "conversationMessage.fileRef":
      return (await db.conversationMessage.updateMany({ where: { id: rowId, fileRef: expected }, data: { fileRef: next } })).count === 1;
    case "conversationMessage.fileName":
      return (await db.conversationMessage.updateMany({ where: { id: rowId, fileName: expected }, data: { fileName: next } })).count === 1;
    case "planVersion.snapshot": {
      const key = parsePlanVersionRowId(rowId);
      if (!key) return false;
      return (await db.planVersion.updateMany({ where: { ...key, snapshot: expected }, data: { snapshot: next } })).count === 1;
    }
  }
}

export function privacyRepository(db: DbTransaction): PrivacyRepository {
  return {
    async closedCasesBefore(tenantId, closedBefore, limit) {
      const rows = await db.client.findMany({
        where: { tenantId, status: "closed", anonymizedAt: null, closedAt: { lt: closedBefore } },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true },
      });
      return rows.map((row) => row.id);
    },
    async erasureRequestsBefore(requestedBefore, limit) {
      const rows = await db.escalation.findMany({
        where: { kind: "erasure_requested", status: "open", createdAt: { lt: requestedBefore } },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, clientId: true },
      });
      return rows.map((row) => ({ clientId: row.clientId, escalationId: row.id }));
    },
    listSealed: (column, after, limit) => listSealed(db, column, after, limit),
    replaceSealed: (column, rowId, expected, next) => replaceSealed(db, column, rowId, expected, next),
  };
}
