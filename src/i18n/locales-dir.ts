import { fileURLToPath } from "node:url";

/** The repository's `locales/` folder (the same from the sources and from `dist/`, which sits beside `src/`). */
export const localesDir = fileURLToPath(new URL("../../locales", import.meta.url));
