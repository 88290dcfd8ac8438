/**
 * Reads a date, or a date and time, as a person types it in German or English ("nächsten Dienstag um 9",
 * "morgen früh", "in 2 Wochen", "18.12.", "tue 2pm"). The core asks; an adapter outside the core does the reading.
 */
export interface DatePhrases {
  read(text: string, query: DatePhraseQuery): DatePhraseReading;
}

export interface DatePhraseQuery {
  /** The moment the phrase is read at: "morgen" is the day after this one in `zone`. */
  now: Date;
  /** IANA time zone whose wall clock the phrase speaks of. */
  zone: string;
  /**
   * "future" (appointments, deadlines, follow-ups): a date without a year and a weekday mean the next such day, and a
   * moment already past (or a day before today, without a time) is refused. "any" (the day something began): a date
   * without a year means this year, and the past is fine.
   */
  expect: "future" | "any";
}

/** A calendar day in the zone; `month` is 1-12. */
export interface PhraseDay {
  year: number;
  month: number;
  day: number;
}

/** What a phrase names. */
export interface PhraseMoment {
  /** The local day. */
  day: PhraseDay;
  /** The instant: the named time on that day, or the day's local midnight when no time was given. */
  at: Date;
  /** False for a day alone ("18.12.", "in 2 Wochen"): `at` is then the day's start, not a time anyone named. */
  timeGiven: boolean;
}

/**
 * Read, or refused with a reason:
 * - not_understood: no date or time could be read, or the text holds more than one;
 * - no_such_date: a day that no calendar has ("31.02.", "31. April 2027");
 * - past: with `expect: "future"`, a moment that has already passed (what was understood comes with it).
 */
export type DatePhraseReading =
  ({ ok: true } & PhraseMoment) | { ok: false; reason: "not_understood" | "no_such_date" } | ({ ok: false; reason: "past" } & PhraseMoment);
