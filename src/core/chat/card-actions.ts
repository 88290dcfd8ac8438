import { z } from "zod";
import { actionIdArg, defineAction } from "../dialog/action-codec.ts";

/** Buttons of the manager's client card and of escalation messages (the card itself opens with `cli`). */

/** New appointment for the client (starts the appointment form with the client given). */
export const cardAppointmentAction = defineAction("ccn", [actionIdArg]);
/** Move an appointment: a new date and time, typed naturally. */
export const cardMoveAction = defineAction("ccm", [actionIdArg]);
/** Every upcoming appointment of the client, each with move and cancel, and the past ones still without attendance. */
export const cardAppointmentsAction = defineAction("ccp", [actionIdArg]);
/** Cancel an appointment (asks to confirm). */
export const cardCancelAction = defineAction("ccx", [actionIdArg]);
/** Log a contact with the client. */
export const cardLogAction = defineAction("ccl", [actionIdArg]);
/** Record or update the assessment, field by field. */
export const cardAssessmentAction = defineAction("cca", [actionIdArg]);
/** Refer the client to a service, a local offer or a volunteer. */
export const cardReferralAction = defineAction("ccr", [actionIdArg]);
/** The client's referrals, each open one with buttons to record how it went. */
export const cardReferralsAction = defineAction("ccv", [actionIdArg]);
/** Hand the case over to another manager of the tenant. */
export const cardHandoverAction = defineAction("cch", [actionIdArg]);
/** Close the case (asks for a reason). */
export const cardCloseAction = defineAction("ccc", [actionIdArg]);
/** Share the case with a colleague (a substitute, a team partner), or stop sharing it. */
export const cardShareAction = defineAction("ccs", [actionIdArg]);
/** The client's consents per purpose, with the Art. 9 questions (/consents for this client). */
export const cardConsentsAction = defineAction("cce", [actionIdArg]);
/** A fresh invite for the client (a new phone, a lost or expired link, after /unlink). */
export const cardInviteAction = defineAction("cci", [actionIdArg]);
/** The client's own quiet hours and time zone. */
export const cardQuietAction = defineAction("ccq", [actionIdArg]);
/** The note of a handover (client id, handover id): shown on request, to the case's managers. */
export const handoverNoteAction = defineAction("hnr", [actionIdArg, actionIdArg]);
/** Card: what the assessment holds (read only). */
export const cardAssessmentViewAction = defineAction("cav", [actionIdArg]);
/** Card: the assessment's history, its latest dated versions (read only). */
export const cardAssessmentHistoryAction = defineAction("cah", [actionIdArg]);
/** Card: record what the earlier refugee social work (Flüchtlingssozialarbeit) handed over. */
export const cardEarlierWorkAction = defineAction("ccf", [actionIdArg]);
/** Card: write to the client (own text or a translated standard answer). */
export const cardWriteAction = defineAction("ccw", [actionIdArg]);
/** Reopen a closed case. */
export const cardReopenAction = defineAction("cco", [actionIdArg]);
/** On the card or under a new match: propose (or move) the first meeting of client and volunteer (the match's id). */
export const cardMeetingAction = defineAction("ccg", [actionIdArg]);

/** Under an escalation message or on the card: the escalation is handled (resolved). */
export const escalationHandledAction = defineAction("esh", [actionIdArg]);
/** Under a "cannot come" / "other time" message: move the appointment the escalation is about. */
export const escalationMoveAction = defineAction("esm", [actionIdArg]);
/** On the card of a client who asked for erasure: object to it (asks first; a legal duty to keep the records). */
export const erasureObjectAction = defineAction("eob", [actionIdArg]);
export const erasureObjectConfirmAction = defineAction("eoc", [actionIdArg, z.enum(["y", "n"])]);
