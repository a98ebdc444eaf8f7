import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { median } from "./report";

const RUNS = 7;

/** Scenario 4: time to require("@chatmaid/pulumi") beyond @pulumi/pulumi's own import, in fresh processes. */
export function benchColdImport(): void {
  const script = `
    const t0 = process.hrtime.bigint();
    require("@pulumi/pulumi");
    const t1 = process.hrtime.bigint();
    require("@chatmaid/pulumi");
    const t2 = process.hrtime.bigint();
    console.log(JSON.stringify({ pulumi: Number(t1 - t0) / 1e6, ours: Number(t2 - t1) / 1e6 }));`;
  const pulumi: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ["-e", script], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
    if (run.status !== 0) throw new Error(`cold import failed: ${run.stderr}`);
    const figures = JSON.parse(run.stdout.trim()) as { pulumi: number; ours: number };
    pulumi.push(figures.pulumi);
    ours.push(figures.ours);
  }
  console.log(`\n4. Cold import (fresh node process, median of ${RUNS})`);
  console.log(`  target: under 100 ms beyond @pulumi/pulumi's own import`);
  console.log(`  @pulumi/pulumi alone        ${median(pulumi).toFixed(1)} ms`);
  console.log(`  @chatmaid/pulumi beyond it  ${median(ours).toFixed(1)} ms`);
}
