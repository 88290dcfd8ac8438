import type { Ids } from "../../src/core/ports/ids.ts";

/** Predictable ids and invite codes: id-1, id-2, …; CODE000001, CODE000002, … */
export class SequentialIds implements Ids {
  #next = 0;
  #nextCode = 0;
  newId(): string {
    this.#next += 1;
    return `id-${this.#next}`;
  }
  newInviteCode(): string {
    this.#nextCode += 1;
    return `CODE${String(this.#nextCode).padStart(6, "0")}`;
  }
}
