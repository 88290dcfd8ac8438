import { access, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError } from "./command.ts";

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The --out option: a new file (an export is never written over another file). Checked before the export is made
 * (and audited): a file that exists or a folder that does not is a typing error.
 */
export async function outOption(value: unknown): Promise<string | null> {
  if (value === undefined) return null;
  if (typeof value !== "string" || value.trim() === "") throw new UsageError("--out needs a file name");
  const file = resolve(value);
  if (await exists(file)) throw new UsageError(`--out: ${file} exists already; choose a new file`);
  if (!(await exists(dirname(file)))) throw new UsageError(`--out: the folder ${dirname(file)} does not exist`);
  return file;
}

/** Writes an export to its new file, readable by the operator only. */
export async function writeOut(file: string, content: string | Buffer): Promise<void> {
  try {
    await writeFile(file, content, { flag: "wx", mode: 0o600 });
  } catch (error) {
    throw new UsageError(`cannot write --out ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}
