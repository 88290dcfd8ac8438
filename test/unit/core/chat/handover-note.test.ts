import { describe, expect, it } from "vitest";
import { handoverNoteAction } from "../../../../src/core/chat/card-actions.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import { handOverCase } from "../../../../src/core/handover/hand-over-case.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { buttons, keys, linkedManager, tap } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedManager, staffActor } from "../../../support/seed.ts";

const translator = createTranslator({ localesDir });

describe("the handover note reaches the new manager", () => {
  it("the card says who handed the case over; 'read the handover note' shows it to the new manager, in the chat, on request", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager: petra, clients, send } = await linkedManager(core, ["Amina Yousef"]);
    const amina = clients[0]!;
    const eva = await seedManager(core.store, petra.tenantId, "manager", "Eva Muster");
    // Eva had the case and hands it to Petra (the linked chat) with a note.
    await core.store.assignments.unassign(amina.id, petra.id);
    await core.store.assignments.assign({ clientId: amina.id, managerId: eva.id, kind: "primary", createdAt: core.clock.now() });
    const { handover } = await handOverCase(core.deps, staffActor(eva), { clientId: amina.id, toManagerId: petra.id, note: "Sohn braucht Kita-Platz ab Mai" });
    const card = await send(tap(openClientAction.encode(amina.id)));
    expect(keys(card)).toContain("manager_card.card.handed_over");
    expect(JSON.stringify(card)).not.toContain("Kita-Platz");
    expect(buttons(card).map((b) => b.data)).toContain(handoverNoteAction.encode(amina.id, handover.id));
    const note = await send(tap(handoverNoteAction.encode(amina.id, handover.id)));
    expect(translator.renderOutbound(note[0]!, { language: "de" }).text).toBe(
      "Übergabenotiz von Eva Muster zu Amina Yousef (Mo., 1. März):\n\nSohn braucht Kita-Platz ab Mai",
    );
  });
});
