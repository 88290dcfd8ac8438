import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";
import { localesDir } from "../../src/i18n/locales-dir.ts";
import { MemoryStore } from "../fakes/memory-store.ts";
import { reversibleCrypto } from "../fakes/reversible-crypto.ts";
import { SequentialIds } from "../fakes/sequential-ids.ts";
import { FakeClock } from "./fake-clock.ts";

export interface TestCore {
  deps: CoreDeps;
  store: MemoryStore;
  clock: FakeClock;
}

/** Core dependencies from hand-written fakes: in-memory store, fake clock, sequential ids. */
/** The installation zone of the tests (LOTSE_TIMEZONE's default). */
export const TEST_ZONE = "Europe/Berlin";

let translator: Translator | null = null;
/** Button texts from the real locale files (loaded once per test file), as the running service reads typed answers. */
const optionLabels: CoreDeps["optionLabels"] = {
  text: (key, params, language) => (translator ??= createTranslator({ localesDir })).renderText(key, params, language),
};

export function testCore(start?: string): TestCore {
  const store = new MemoryStore();
  const clock = new FakeClock(start);
  return {
    store,
    clock,
    deps: { store, clock, ids: new SequentialIds(), crypto: reversibleCrypto, datePhrases: chronoDatePhrases, defaultZone: TEST_ZONE, optionLabels },
  };
}
