import { describe, expect, it } from "vitest";
import { button, byKey, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";

const chat = telegramChat("100");

/** The /log form up to its note question, for Amina: a phone call of 20 minutes. */
async function atNote() {
  const core = testCore("2027-03-01T09:00:00Z");
  const { clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
  await send(command("log"));
  const kind = await send(text("Amina"));
  const areas = await send(tap(button(kind, byKey("manager.kind.phone"))));
  await send(tap(button(areas, byKey("dialog.button.skip"))));
  expect(keys(await send(text("20")))).toEqual(["manager.contact.note"]);
  return { core, send, amina: clients[0]?.id ?? "" };
}

describe("a note longer than one Telegram message", () => {
  it("is refused with its length and the limit, and its rest (the split's second message) is never saved as the note", async () => {
    const { core, send, amina } = await atNote();
    const first = await send(text("a".repeat(4096)));
    expect(first[0]?.parts[0]).toEqual({ key: "dialog.error.too_long", params: { length: 4096, max: 4000 } });
    expect(keys(first).at(-1)).toBe("manager.contact.note");
    core.clock.advance(1000);
    expect(keys(await send(text("b".repeat(904))))).toEqual(["dialog.error.too_long_rest"]);
    expect(await core.store.contacts.latestForClient(amina)).toBeNull();

    // Later, a shorter version is the note.
    core.clock.advance(60_000);
    await send(text("Vermieter angerufen, Termin vereinbart."));
    expect(await core.store.contacts.latestForClient(amina)).toMatchObject({ durationMin: 20 });
  });

  it("a text too long but far shorter than a Telegram message is refused alone; the next answer is taken", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { send } = await linkedManager(core, ["Amina Haddad"], chat);
    await send(command("appointment", "Amina morgen 10"));
    const refused = await send(text("R".repeat(300)));
    expect(refused[0]?.parts[0]).toEqual({ key: "dialog.error.too_long", params: { length: 300, max: 200 } });
    core.clock.advance(1000);
    expect(keys(await send(text("Rathaus")))).toEqual(["manager.appointment.kind"]);
  });

  it("the rest is expected for ten seconds only: an answer after that is taken", async () => {
    const { core, send, amina } = await atNote();
    await send(text("c".repeat(4001)));
    core.clock.advance(10_001);
    await send(text("kurz"));
    expect(await core.store.contacts.latestForClient(amina)).toMatchObject({ durationMin: 20 });
  });
});
