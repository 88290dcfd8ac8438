import { describe, expect, it } from "vitest";
import { chatForms } from "../../../../src/core/chat/forms.ts";

/**
 * On a Teams card every field shows a label ("Klient/in"), not the chat prompt ("Tap a name or type it"). Fields
 * without one are only those a card never shows: values given by the button that opened the form, and the
 * step-by-step time picker (a card asks date and time in one input).
 */
const neverOnACard = new Set([
  "appt.time",
  "write.replyTo",
  "appt.typedStartsAt",
  "pgoal.plan",
  "pgoaled.plan",
  "pgoaled.goal",
  "pstep.plan",
  "rvword.plan",
  "rvword.goal",
  "rvdate.plan",
  "rvdate.version",
  "rvstep.plan",
  "rvfstep.plan",
  "rvgoal.plan",
  "apmove.appointment",
  "apcancel.appointment",
  "assess.client",
  "assess.healthConsent",
  "assess.residenceConsent",
  "refer.client",
  "handover.client",
  "share.client",
  "close.client",
  "earlier.client",
  "confix.contact",
  "cquiet.client",
  "volmeet.match",
  "volmeet.time",
  "volmeet.typedStartsAt",
]);

describe("form fields on a card", () => {
  it("every field a card can show has a label of its own, not its chat prompt", () => {
    const unlabelled = chatForms.flatMap((form) => form.fields.filter((field) => !field.labelKey).map((field) => `${form.id}.${field.name}`));
    expect(unlabelled.filter((name) => !neverOnACard.has(name))).toEqual([]);
    for (const form of chatForms) {
      for (const field of form.fields) if (field.labelKey) expect(field.labelKey, `${form.id}.${field.name}`).not.toBe(field.promptKey);
    }
  });
});
