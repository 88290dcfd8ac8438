import { resolve } from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** For SQLite an absolute `file:` URL; for PostgreSQL the URL as given. */
  url: string;
  /** The SQLite file path (absent for PostgreSQL). */
  file?: string;
}

/** `postgresql://` or `postgres://` selects PostgreSQL; `file:` selects the embedded SQLite database. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const file = resolve(cwd, url.slice("file:".length).replace(/^\/\/(?=\/)/, ""));
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}
