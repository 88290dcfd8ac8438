import type { Clock } from "../../src/core/ports/clock.ts";

/** A clock that only moves when a test moves it. */
export class FakeClock implements Clock {
  #now: Date;
  constructor(start: Date | string = "2027-03-01T09:00:00Z") {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date | string): void {
    this.#now = new Date(to);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}
