import { cpus, totalmem } from "node:os";

/** Shared pieces of the benchmarks: percentiles, the machine line and the result table. */

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

export function latencySummary(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

export function machineLine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? "unknown CPU";
  return `${list.length} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}`;
}

/** One row of the summary table: a figure, its goal, what was measured and whether the goal was met. */
export interface BenchFigure {
  id: string;
  figure: string;
  goal: string;
  measured: string;
  /** null: no goal (informational). */
  met: boolean | null;
}

export function figureTable(figures: readonly BenchFigure[]): string {
  const verdict = (met: boolean | null) => (met === null ? "–" : met ? "met" : "missed");
  return [
    "| | figure | goal | measured | |",
    "|---|---|---|---|---|",
    ...figures.map((f) => `| ${f.id} | ${f.figure} | ${f.goal} | ${f.measured} | ${verdict(f.met)} |`),
  ].join("\n");
}

export const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : "n/a");

/** Runs `task` for each item with at most `concurrency` in flight. */
export async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
