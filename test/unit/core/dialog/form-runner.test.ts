import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor } from "../../../../src/core/actor.ts";
import { defineForm, type FormDefinition } from "../../../../src/core/dialog/form.ts";
import { formAnswerAction, formCancelAction, formDoneAction, formSkipAction } from "../../../../src/core/dialog/form-actions.ts";
import { continueForm, startForm, type DialogContext } from "../../../../src/core/dialog/form-runner.ts";
import { submitWholeForm, wholeFormView } from "../../../../src/core/dialog/whole-form.ts";
import type { Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { DomainError } from "../../../../src/core/errors.ts";
import { testCore } from "../../../support/core-deps.ts";

const submitted: unknown[] = [];
const visitSchema = z.object({
  client: z.string(),
  kind: z.enum(["phone", "home_visit"]),
  areas: z.array(z.string()).min(1),
  durationMin: z.number().int().min(1).max(600),
  at: z.string().optional(),
  note: z.string().optional(),
  sure: z.literal(true),
});

const visitForm: FormDefinition<z.output<typeof visitSchema>> = defineForm({
  id: "visit",
  titleKey: "test.visit.title",
  schema: visitSchema,
  allowed: (actor: Actor) => actor.kind === "staff",
  fields: [
    {
      name: "client",
      type: "choice",
      promptKey: "test.visit.client",
      options: async () => [
        { value: "c-1", labelKey: "", label: "Amina Haddad" },
        { value: "c-2", labelKey: "", label: "Yusuf Haddad" },
      ],
    },
    {
      name: "kind",
      type: "choice",
      promptKey: "test.visit.kind",
      options: async () => [
        { value: "phone", labelKey: "kind.phone" },
        { value: "home_visit", labelKey: "kind.home_visit" },
      ],
    },
    {
      name: "areas",
      type: "multi_choice",
      promptKey: "test.visit.areas",
      options: async () => [
        { value: "housing", labelKey: "area.housing" },
        { value: "work", labelKey: "area.work" },
      ],
    },
    { name: "durationMin", type: "duration", promptKey: "test.visit.duration", min: 1, max: 600 },
    { name: "at", type: "datetime", promptKey: "test.visit.at", optional: true },
    { name: "note", type: "text", promptKey: "test.visit.note", optional: true, maxLength: 50 },
    { name: "sure", type: "confirm", promptKey: "test.visit.sure" },
  ],
  submit: async (_context, values) => {
    if (values.note === "fail") throw new DomainError("conflict", "test");
    submitted.push(values);
    return [{ parts: [{ key: "test.visit.saved" }] }];
  },
});

const forms = (id: string) => (id === visitForm.id ? (visitForm as FormDefinition) : undefined);

function setup() {
  submitted.length = 0;
  const core = testCore("2027-03-01T09:00:00Z");
  const actor: Actor = { kind: "staff", managerId: "m-1", tenantId: "t-1", role: "manager" };
  const context: DialogContext = {
    deps: core.deps,
    actor,
    session: { channel: "telegram", externalId: "42", conversationRef: null, locale: "de" },
    zone: "Europe/Berlin",
  };
  return { ...core, context };
}

const firstKey = (out: Outbound[] | null) => out?.[0]?.parts[0]?.key;
const tokenOf = (out: Outbound[] | null) => {
  const data = out?.[0]?.buttons?.flat().find((b) => b.data)?.data ?? "";
  return data.split("|")[2] ?? "";
};
const send = (context: DialogContext, inbound: Inbound) => continueForm(context, inbound, forms, (o) => o.label ?? o.value);

describe("a form asked one question at a time", () => {
  it("walks through every field with taps and typing, then submits the validated values once", async () => {
    const { context, store } = setup();
    let out = await startForm(context, visitForm);
    expect(firstKey(out)).toBe("test.visit.client");
    expect(out[0]?.buttons?.[0]?.map((b) => b.label)).toEqual(["Amina Haddad", "Yusuf Haddad"]);
    const token = tokenOf(out);
    out = (await send(context, { kind: "text", text: "yusuf" }))!;
    expect(firstKey(out)).toBe("test.visit.kind");
    out = (await send(context, { kind: "action", data: formAnswerAction.encode(token, "home_visit") }))!;
    expect(firstKey(out)).toBe("test.visit.areas");
    out = (await send(context, { kind: "action", data: formAnswerAction.encode(token, "housing") }))!;
    expect(out[0]?.edit).toBe(true);
    expect(out[0]?.buttons?.[0]?.map((b) => b.selected)).toEqual([true, false]);
    out = (await send(context, { kind: "action", data: formDoneAction.encode(token) }))!;
    expect(firstKey(out)).toBe("test.visit.duration");
    out = (await send(context, { kind: "text", text: "1,5 h" }))!;
    expect(firstKey(out)).toBe("test.visit.at");
    out = (await send(context, { kind: "text", text: "morgen 10" }))!;
    expect(firstKey(out)).toBe("test.visit.note");
    out = (await send(context, { kind: "action", data: formSkipAction.encode(token) }))!;
    expect(firstKey(out)).toBe("test.visit.sure");
    out = (await send(context, { kind: "action", data: formAnswerAction.encode(token, "y") }))!;
    expect(firstKey(out)).toBe("test.visit.saved");
    expect(submitted).toEqual([{ client: "c-2", kind: "home_visit", areas: ["housing"], durationMin: 90, at: "2027-03-02T09:00:00.000Z", sure: true }]);
    // No form runs any more; what is left is the finished form's token, for a second tap on its last button.
    expect(await store.dialogs.get("telegram:42", new Date("2027-03-01T09:01:00Z"))).toEqual({ finishedToken: token });
    const again = (await send(context, { kind: "action", data: formAnswerAction.encode(token, "y") }))!;
    expect(firstKey(again)).toBe("dialog.already_saved");
    expect(submitted).toHaveLength(1);
    expect(await send(context, { kind: "text", text: "hallo" })).toBeNull();
  });

  it("re-asks after an answer it cannot read, keeping what was given", async () => {
    const { context } = setup();
    await startForm(context, visitForm, { client: "c-1", kind: "phone", areas: ["work"] });
    const out = await send(context, { kind: "text", text: "lange" });
    expect(out?.map((o) => o.parts[0]?.key)).toEqual(["dialog.error.duration", "test.visit.duration"]);
    const next = await send(context, { kind: "text", text: "30" });
    expect(firstKey(next)).toBe("test.visit.at");
  });

  it("answers a button of an older or cancelled dialog with 'out of date' and changes nothing", async () => {
    const { context } = setup();
    const first = await startForm(context, visitForm);
    const oldToken = tokenOf(first);
    await startForm(context, visitForm);
    expect(firstKey(await send(context, { kind: "action", data: formAnswerAction.encode(oldToken, "c-1") }))).toBe("dialog.stale");
    const current = await send(context, { kind: "text", text: "amina" });
    expect(firstKey(current)).toBe("test.visit.kind");
    const token = tokenOf(current);
    expect(firstKey(await send(context, { kind: "action", data: formCancelAction.encode(token) }))).toBe("dialog.cancelled");
    expect(firstKey(await send(context, { kind: "action", data: formAnswerAction.encode(token, "phone") }))).toBe("dialog.stale");
    expect(await send(context, { kind: "text", text: "hallo" })).toBeNull();
  });

  it("refuses an option that was never offered, and asks the open question again", async () => {
    const { context } = setup();
    const out = await startForm(context, visitForm);
    const refused = await send(context, { kind: "action", data: formAnswerAction.encode(tokenOf(out), "c-99") });
    expect(refused?.map((o) => o.parts[0]?.key)).toEqual(["dialog.stale_step", out[0]?.parts[0]?.key]);
  });

  it("a button of this form's earlier question says it is answered and asks the open question again; nothing changes", async () => {
    const { context } = setup();
    await startForm(context, visitForm);
    const kind = await send(context, { kind: "text", text: "amina" });
    const firstChoice = kind?.[0]?.buttons?.[0]?.[0]?.data ?? "";
    const next = await send(context, { kind: "action", data: firstChoice });
    const again = await send(context, { kind: "action", data: firstChoice });
    expect(again?.map((o) => o.parts[0]?.key)).toEqual(["dialog.stale_step", next?.[0]?.parts[0]?.key]);
  });

  it("forgets an unfinished form after 30 minutes", async () => {
    const { context, clock } = setup();
    await startForm(context, visitForm);
    clock.advance(31 * 60 * 1000);
    expect(await send(context, { kind: "text", text: "amina" })).toBeNull();
  });

  it("turns a domain error of the use case into its translated message", async () => {
    const { context } = setup();
    const prefill = { client: "c-1", kind: "phone", areas: ["work"], durationMin: 20, at: "" };
    const out = await startForm(context, visitForm, prefill);
    expect(firstKey(out)).toBe("test.visit.note");
    await send(context, { kind: "text", text: "fail" });
    expect(firstKey(await send(context, { kind: "action", data: formAnswerAction.encode(tokenOf(out), "y") }))).toBe("errors.conflict");
  });

  it("is refused to actors the form is not for", async () => {
    const { context } = setup();
    const out = await startForm({ ...context, actor: { kind: "stranger" } }, visitForm);
    expect(firstKey(out)).toBe("errors.forbidden");
  });
});

describe("a form submitted whole (Teams card)", () => {
  it("reads the values like typed answers and submits through the same schema", async () => {
    const { context } = setup();
    const result = await submitWholeForm(context, visitForm, {
      client: "c-1",
      kind: "phone",
      areas: "housing,work",
      durationMin: "45",
      at: "2027-03-02 14:30",
      note: "",
      sure: "true",
    });
    expect(result[0]?.form).toEqual({ kind: "finished", titleKey: "test.visit.title" });
    expect(submitted).toEqual([{ client: "c-1", kind: "phone", areas: ["housing", "work"], durationMin: 45, at: "2027-03-02T13:30:00.000Z", sure: true }]);
  });

  it("names every invalid field and saves nothing", async () => {
    const { context } = setup();
    const result = await submitWholeForm(context, visitForm, { client: "c-9", kind: "phone", areas: "", durationMin: "abc", sure: "true" });
    expect(result[0]?.form?.kind === "rejected" ? result[0].form.invalid : null).toEqual([
      { field: "client", reasonKey: "dialog.error.choose" },
      { field: "areas", reasonKey: "manager_teams.form.required" },
      { field: "durationMin", reasonKey: "dialog.error.duration" },
    ]);
    expect(submitted).toEqual([]);
  });

  it("describes the form with its options for rendering", async () => {
    const { context } = setup();
    const view = await wholeFormView(context, visitForm, {});
    expect(view.fields.map((f) => [f.name, f.choices.length])).toEqual([
      ["client", 2],
      ["kind", 2],
      ["areas", 2],
      ["durationMin", 0],
      ["at", 0],
      ["note", 0],
      ["sure", 0],
    ]);
  });
});

describe("a form whose last questions do not apply", () => {
  const tailSchema = z.object({ note: z.string().min(1).optional(), follow: z.enum(["y"]).optional() });
  const tailSubmitted: unknown[] = [];
  const tailForm: FormDefinition<z.output<typeof tailSchema>> = defineForm({
    id: "tail",
    titleKey: "test.tail.title",
    schema: tailSchema,
    allowed: () => true,
    fields: [
      { name: "note", type: "text", promptKey: "test.tail.note", optional: true, maxLength: 50 },
      // Asked only when a note was written.
      {
        name: "follow",
        type: "choice",
        promptKey: "test.tail.follow",
        optional: true,
        when: (values) => Boolean(values.note),
        options: async () => [{ value: "y", labelKey: "yes" }],
      },
    ],
    submit: async (_context, values) => {
      tailSubmitted.push(values);
      return [{ parts: [{ key: "test.tail.saved" }] }];
    },
  });

  it("submits after a skipped optional answer when the remaining questions do not apply", async () => {
    const { context } = setup();
    const out = await startForm(context, tailForm);
    const done = await continueForm(context, { kind: "action", data: formSkipAction.encode(tokenOf(out)) }, (id) =>
      id === "tail" ? (tailForm as FormDefinition) : undefined,
    );
    expect(firstKey(done)).toBe("test.tail.saved");
    expect(tailSubmitted).toEqual([{}]);
  });
});

describe("a button that is not part of the running form", () => {
  it("ends the form and is left to the chat's router; a later text no longer goes to the form", async () => {
    const { context } = setup();
    await startForm(context, visitForm);
    expect(await send(context, { kind: "action", data: "v1|cli|01HZZZZZZZZZZZZZZZZZZZZZZZ" })).toBeNull();
    expect(await send(context, { kind: "text", text: "yusuf" })).toBeNull();
  });
});
