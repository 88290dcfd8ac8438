import { z } from "zod";
import { appointmentKinds, appointmentStatuses, type Appointment } from "../../core/appointments/model.ts";
import type { AppointmentRepository } from "../../core/appointments/repositories.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { TextSealer } from "../text-sealer.ts";
import { rawBoolean, rawDate, rawInteger, rawNumberOrNull, rawText, rawTextOrNull } from "../raw-rows.ts";
import { coordinatesOf } from "../../core/shared/coordinates.ts";

const kindSchema = z.enum(appointmentKinds);
const statusSchema = z.enum(appointmentStatuses);
const withClients = { clients: { select: { clientId: true } } } as const;
const byStart = [{ startsAt: "asc" as const }, { id: "asc" as const }];

type Row = Omit<Appointment, "kind" | "status" | "clientIds" | "coordinates"> & {
  kind: string;
  status: string;
  latitude: number | null;
  longitude: number | null;
  clients: { clientId: string }[];
};

const toAppointment = (sealer: TextSealer, { clients, latitude, longitude, ...row }: Row): Appointment => ({
  ...row,
  coordinates: coordinatesOf(latitude, longitude),
  place: sealer.open(row.place),
  kind: kindSchema.parse(row.kind),
  status: statusSchema.parse(row.status),
  clientIds: clients.map((c) => c.clientId).sort(),
});

const columnsOf = (coordinates: Appointment["coordinates"]) => ({ latitude: coordinates?.latitude ?? null, longitude: coordinates?.longitude ?? null });

/** The place (a home address, "bei Amina zuhause") is sealed at rest (text-sealer.ts); the client's answer by the core. */
const forManagerSql = directStatement(
  "appointments_for_manager",
  `SELECT "id", "tenantId", "managerId", "startsAt", "durationMin", "place", "kind", "interpreter", "status", "clientAnswer",
     "latitude", "longitude", "sequence", "createdAt", "updatedAt"
   FROM "Appointment" WHERE "managerId" = $1 AND "startsAt" >= $2 AND "startsAt" < $3 ORDER BY "startsAt" ASC, "id" ASC`,
);

/** `direct`: the agenda's read runs on the driver (direct-sql.ts). */
export function appointmentRepository(db: DbTransaction, sealer: TextSealer, direct: DirectSql): AppointmentRepository {
  return {
    async create({ clientIds, coordinates, ...appointment }) {
      await db.appointment.create({
        data: {
          ...appointment,
          ...columnsOf(coordinates),
          place: sealer.seal(appointment.place),
          clients: { create: clientIds.map((clientId) => ({ clientId })) },
        },
      });
    },
    async get(id) {
      const row = await db.appointment.findUnique({ where: { id }, include: withClients });
      return row ? toAppointment(sealer, row) : null;
    },
    async update({ id, clientIds, coordinates, ...data }) {
      await db.appointment.update({
        where: { id },
        data: {
          ...data,
          ...columnsOf(coordinates),
          place: sealer.seal(data.place),
          clients: { deleteMany: {}, create: clientIds.map((clientId) => ({ clientId })) },
        },
      });
    },
    async listForClient(clientId) {
      const rows = await db.appointment.findMany({ where: { clients: { some: { clientId } } }, include: withClients, orderBy: byStart });
      return rows.map((row) => toAppointment(sealer, row));
    },
    // Once per /agenda (both days), mostly without appointments: the clients are only asked for when there are any.
    async listForManager(managerId, from, to) {
      const raw = await direct.rows(forManagerSql, [managerId, from, to]);
      if (raw.length === 0) return [];
      const rows = raw.map((row) => ({
        id: rawText(row, "id"),
        tenantId: rawText(row, "tenantId"),
        managerId: rawText(row, "managerId"),
        startsAt: rawDate(row, "startsAt"),
        durationMin: rawInteger(row, "durationMin"),
        place: rawText(row, "place"),
        kind: rawText(row, "kind"),
        interpreter: rawBoolean(row, "interpreter"),
        status: rawText(row, "status"),
        clientAnswer: rawTextOrNull(row, "clientAnswer"),
        latitude: rawNumberOrNull(row, "latitude"),
        longitude: rawNumberOrNull(row, "longitude"),
        sequence: rawInteger(row, "sequence"),
        createdAt: rawDate(row, "createdAt"),
        updatedAt: rawDate(row, "updatedAt"),
      }));
      const links = await db.appointmentClient.findMany({
        where: { appointmentId: { in: rows.map((row) => row.id) } },
        select: { appointmentId: true, clientId: true },
      });
      return rows.map((row) => toAppointment(sealer, { ...row, clients: links.filter((link) => link.appointmentId === row.id) }));
    },
  };
}
