import { z } from "zod";
import { DomainError } from "../errors.ts";

/**
 * Button actions as compact strings, e.g. "v1|apc|01J8Z3K6W4QK2V7XKQH4D5M9TB|c" (confirm appointment …).
 * Telegram allows at most 64 bytes of callback data: a verb of up to 4 characters, two 26-character ids and a
 * 2-character option fit (a 3-character verb leaves 3 for the option). Data from an older format version,
 * an unknown verb or anything else unexpected decodes to null, so a stale button is answered, never crashes.
 */

export const actionFormatVersion = "v1";
export const maxActionBytes = 64;
const separator = "|";
const verbPattern = /^[a-z][a-z0-9]{0,3}$/;

export interface Action {
  verb: string;
  args: string[];
}

export type ActionArgSchema = z.ZodType<string>;

export type ActionArgs<S extends readonly ActionArgSchema[]> = {
  -readonly [K in keyof S]: S[K] extends z.ZodType<infer Output> ? Output : never;
};

export interface ActionDefinition<S extends readonly ActionArgSchema[]> {
  readonly verb: string;
  readonly argSchemas: S;
  /** The callback data for this action; throws `invalid_input` for bad arguments or more than 64 bytes. */
  encode(...args: ActionArgs<S>): string;
  /** This action's arguments when `action` is this action, otherwise null. */
  match(action: Action | null): ActionArgs<S> | null;
}

/** An id argument: ULID-like, up to 26 characters of letters, digits, "_" and "-". */
export const actionIdArg = z.string().regex(/^[0-9A-Za-z_-]{1,26}$/, "must be an id of up to 26 characters");

/** An option argument: one of a few short codes. */
export function actionOptionArg<const T extends readonly [string, ...string[]]>(options: T) {
  for (const option of options) {
    if (!/^[a-z0-9]{1,3}$/.test(option)) throw new Error(`action option "${option}" must be 1-3 of a-z, 0-9`);
  }
  return z.enum(options);
}

const registry = new Map<string, readonly ActionArgSchema[]>();

/** Registers a verb with the schemas of its arguments, in order. A verb can be registered once. */
export function defineAction<const S extends readonly ActionArgSchema[]>(verb: string, argSchemas: S): ActionDefinition<S> {
  if (!verbPattern.test(verb)) throw new Error(`action verb "${verb}" must be 1-4 of a-z, 0-9, starting with a letter`);
  if (registry.has(verb)) throw new Error(`action verb "${verb}" is already defined`);
  registry.set(verb, argSchemas);
  return {
    verb,
    argSchemas,
    encode: (...args) => encodeAction({ verb, args: [...args] as string[] }),
    match: (action) => (action?.verb === verb ? (parseArgs(argSchemas, action.args) as ActionArgs<S> | null) : null),
  };
}

export function encodeAction(action: Action): string {
  const schemas = registry.get(action.verb);
  if (!schemas) throw invalidAction(action, "verb", "unknown action verb");
  if (action.args.length !== schemas.length) {
    throw invalidAction(action, "args", `expects ${schemas.length} arguments, got ${action.args.length}`);
  }
  const args = action.args.map((arg, index) => {
    const parsed = schemas[index]?.safeParse(arg);
    if (!parsed?.success) throw invalidAction(action, `args.${index}`, "invalid argument");
    if (parsed.data.includes(separator)) throw invalidAction(action, `args.${index}`, `must not contain "${separator}"`);
    return parsed.data;
  });
  const data = [actionFormatVersion, action.verb, ...args].join(separator);
  const bytes = utf8ByteLength(data);
  if (bytes > maxActionBytes) throw invalidAction(action, "data", `is ${bytes} bytes, at most ${maxActionBytes} fit`);
  return data;
}

/** The action in callback data, or null for anything that is not a current, registered, well-formed action. */
export function decodeAction(data: unknown): Action | null {
  try {
    // A string's UTF-8 length is at least its UTF-16 length: a long string never fits.
    if (typeof data !== "string" || data.length > maxActionBytes || utf8ByteLength(data) > maxActionBytes) return null;
    const [version, verb, ...rawArgs] = data.split(separator);
    if (version !== actionFormatVersion || verb === undefined) return null;
    const schemas = registry.get(verb);
    const args = schemas ? parseArgs(schemas, rawArgs) : null;
    return args ? { verb, args } : null;
  } catch {
    return null;
  }
}

function parseArgs(schemas: readonly ActionArgSchema[], rawArgs: readonly string[]): string[] | null {
  if (schemas.length !== rawArgs.length) return null;
  const args: string[] = [];
  for (const [index, raw] of rawArgs.entries()) {
    const parsed = schemas[index]?.safeParse(raw);
    if (!parsed?.success) return null;
    args.push(parsed.data);
  }
  return args;
}

function invalidAction(action: Action, path: string, message: string): DomainError {
  return new DomainError("invalid_input", `action ${action.verb}: ${path} ${message}`, [{ path, message }]);
}

function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
