import { z } from "zod";
import { keyIdsOf } from "../../app/key-ring.ts";
import { operator } from "../../core/actor.ts";
import { rotateKeys } from "../../core/privacy/rotate-keys.ts";
import { UsageError, type CliCommand } from "../command.ts";

const batchOption = z.coerce.number().int().min(1).max(10_000).optional();

export const keysRotateCommand: CliCommand = {
  path: ["keys", "rotate"],
  summary: "re-encrypt every sealed value with the current LOTSE_DATA_KEY (old keys in LOTSE_DATA_KEYS_OLD)",
  usage: "lotse keys rotate [--batch N] [--json]",
  options: {
    batch: { type: "string", description: "values per transaction (default 200)" },
  },
  async run(options, { deps }) {
    const batch = batchOption.safeParse(options.batch);
    if (!batch.success) throw new UsageError("--batch must be a whole number from 1 to 10000");
    const rotation = await rotateKeys(deps, keyIdsOf(deps.crypto), operator, batch.data === undefined ? {} : { batchSize: batch.data });
    const unreadable = rotation.columns.flatMap((c) => c.unreadable.map((rowId) => `${c.column} ${rowId}`));
    const lines = [
      `current key id: ${rotation.keyId}`,
      ...rotation.columns.map(
        (c) =>
          `${c.column.padEnd(26)} scanned ${c.scanned}, re-encrypted ${c.resealed}, changed meanwhile ${c.changedMeanwhile}, unreadable ${c.unreadable.length}`,
      ),
      rotation.remaining === 0
        ? "Done: every value is sealed with the current key. The old keys can be removed from LOTSE_DATA_KEYS_OLD."
        : `${rotation.remaining} value(s) still need another key: run again (values changed meanwhile are picked up), or add the missing key to LOTSE_DATA_KEYS_OLD.`,
      ...(unreadable.length > 0 ? ["No configured key opens:", ...unreadable.map((row) => `  ${row}`)] : []),
    ];
    return { json: rotation, text: lines.join("\n") };
  },
};
