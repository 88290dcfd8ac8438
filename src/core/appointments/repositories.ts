import type { ContactRepository } from "../contacts/repositories.ts";
import type { FiguresRepository } from "../figures/repositories.ts";
import type { HandoverRepository } from "../handover/repositories.ts";
import type { Appointment } from "./model.ts";

export interface AppointmentRepository {
  create(appointment: Appointment): Promise<void>;
  get(id: string): Promise<Appointment | null>;
  /** Changes every field, the clients included. */
  update(appointment: Appointment): Promise<void>;
  /** All appointments of a client, by start (then id). */
  listForClient(clientId: string): Promise<Appointment[]>;
  /** A manager's appointments starting in [from, to), by start (then id), cancelled ones included. */
  listForManager(managerId: string, from: Date, to: Date): Promise<Appointment[]>;
}

/** The casework group of the store port: appointments, contacts, handovers and the figures. */
export interface CaseworkRepositories {
  appointments: AppointmentRepository;
  contacts: ContactRepository;
  handovers: HandoverRepository;
  figures: FiguresRepository;
}
