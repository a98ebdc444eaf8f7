/** One row of the benchmark's output. */
export interface Figures {
  readonly requests: number;
  readonly rateLimited: number;
  readonly wallMs: number;
  readonly note?: string;
}

/** Prints a scenario with our figures beside the naive baseline's. */
export function printScenario(title: string, ours: Figures, naive: Figures | undefined, target: string): void {
  console.log(`\n${title}`);
  console.log(`  target: ${target}`);
  const row = (label: string, f: Figures) =>
    console.log(
      `  ${label.padEnd(16)} requests ${String(f.requests).padStart(5)}   429s ${String(f.rateLimited).padStart(4)}   wall ${f.wallMs.toFixed(0).padStart(6)} ms${f.note ? `   ${f.note}` : ""}`,
    );
  row("@chatmaid/pulumi", ours);
  if (naive) row("naive baseline", naive);
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
