import { runCli } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lotse <argv>` in this process with `env` as its environment; returns the exit code and what it printed. */
export async function lotse(env: Record<string, string | undefined>, ...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, env, { stdout: (t) => void stdout.push(t), stderr: (t) => void stderr.push(t) });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
