import { z } from "zod";
import { appointmentKinds, appointmentStatuses, type Appointment } from "../../core/appointments/model.ts";
import type { AppointmentRepository } from "../../core/appointments/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";

const kindSchema = z.enum(appointmentKinds);
const statusSchema = z.enum(appointmentStatuses);
const withClients = { clients: { select: { clientId: true } } } as const;
const byStart = [{ startsAt: "asc" as const }, { id: "asc" as const }];

type Row = Omit<Appointment, "kind" | "status" | "clientIds"> & { kind: string; status: string; clients: { clientId: string }[] };

const toAppointment = ({ clients, ...row }: Row): Appointment => ({
  ...row,
  kind: kindSchema.parse(row.kind),
  status: statusSchema.parse(row.status),
  clientIds: clients.map((c) => c.clientId).sort(),
});

export function appointmentRepository(db: DbTransaction): AppointmentRepository {
  return {
    async create({ clientIds, ...appointment }) {
      await db.appointment.create({ data: { ...appointment, clients: { create: clientIds.map((clientId) => ({ clientId })) } } });
    },
    async get(id) {
      const row = await db.appointment.findUnique({ where: { id }, include: withClients });
      return row ? toAppointment(row) : null;
    },
    async update({ id, clientIds, ...data }) {
      await db.appointment.update({
        where: { id },
        data: { ...data, clients: { deleteMany: {}, create: clientIds.map((clientId) => ({ clientId })) } },
      });
    },
    async listForClient(clientId) {
      const rows = await db.appointment.findMany({ where: { clients: { some: { clientId } } }, include: withClients, orderBy: byStart });
      return rows.map(toAppointment);
    },
    async listForManager(managerId, from, to) {
      const rows = await db.appointment.findMany({
        where: { managerId, startsAt: { gte: from, lt: to } },
        include: withClients,
        orderBy: byStart,
      });
      return rows.map(toAppointment);
    },
  };
}
