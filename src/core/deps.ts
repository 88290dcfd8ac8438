import type { Clock } from "./ports/clock.ts";
import type { Crypto } from "./ports/crypto.ts";
import type { Ids } from "./ports/ids.ts";
import type { Store } from "./ports/store.ts";
import type { ChartRenderer } from "./reports/chart.ts";

/** What every use case may use. The composition root (src/app) builds it; tests build it from fakes. */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  crypto: Crypto;
  /** Chart images (PNG) for reports; without it, reports come as text and CSV only. */
  charts?: ChartRenderer;
}
