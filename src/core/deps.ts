import type { Clock } from "./ports/clock.ts";
import type { Crypto } from "./ports/crypto.ts";
import type { DatePhrases } from "./ports/date-phrases.ts";
import type { Ids } from "./ports/ids.ts";
import type { OptionLabels } from "./ports/option-labels.ts";
import type { Store } from "./ports/store.ts";
import type { ChartRenderer } from "./reports/chart.ts";
import type { SpreadsheetWriter } from "./reports/table.ts";

/** What every use case may use. The composition root (src/app) builds it; tests build it from fakes. */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  crypto: Crypto;
  /** Reads dates and times as people type them ("nächsten Dienstag um 9", "in 2 Wochen"). */
  datePhrases: DatePhrases;
  /** The installation's time zone (LOTSE_TIMEZONE): new tenants get it, and it stands in wherever a zone is unknown. */
  defaultZone: string;
  /** Button texts in a language, to read a typed answer as the button it names; without it, only literal labels match. */
  optionLabels?: OptionLabels;
  /** Chart images (PNG) for reports; without it, reports come as text and CSV only. */
  charts?: ChartRenderer;
  /** XLSX files of reports; without it, reports come with the CSV file only. */
  spreadsheets?: SpreadsheetWriter;
}
