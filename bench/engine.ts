/**
 * Scenario 8: the real Pulumi engine. Wall time of `pulumi preview` and `up`
 * for examples/basic beside an empty TypeScript stack, and examples/yaml
 * beside an empty YAML stack (our overhead above Pulumi's own floor);
 * requests per step of a 50-number stack; the toolchain's build times and disk.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generatePhoneNumbers, startEmulator } from "../emulator";
import { EngineWorkspace } from "../test/engine/support/engineWorkspace";
import { createGoProject, createJavaProject, createPythonProject } from "../test/engine/support/otherLanguages";
import { createNodeProject, createYamlProject, installGlobally } from "../test/engine/support/userProject";
import { pulumiToolchain, TOOLCHAIN_SCRIPT } from "../test/support/pulumiToolchain";
import { median } from "./report";

const RUNS = 3;

/** Median wall time of `args` over {@link RUNS} runs (an `up` is followed by a destroy, not timed). */
async function timedStep(ws: EngineWorkspace, dir: string, args: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await ws.expectPulumi(dir, args);
    times.push(performance.now() - started);
    if (args[0] === "up") await ws.expectPulumi(dir, ["destroy", "--yes", "--skip-preview"]);
  }
  return median(times);
}

function du(dir: string): string {
  return existsSync(dir) ? spawnSync("du", ["-sh", dir], { encoding: "utf8" }).stdout.split("\t")[0]! : "absent";
}

/**
 * `pulumi preview` of one program (examples/yaml's) in TypeScript on the Node
 * SDK, YAML, Python, Go and Java on the plugin (on PATH), side by side: wall time
 * (median of {@link RUNS}) and requests per preview, through the default
 * machine store and with the store off.
 */
export async function benchLanguages(): Promise<void> {
  const emulator = await startEmulator({ rateLimit: 0 });
  const ws = new EngineWorkspace();
  try {
    ws.extraEnv.CHATMAID_BASE_URL = emulator.url;
    ws.extraEnv.GOTOOLCHAIN = "local";
    ws.extraPath.push(await installGlobally(path.join(ws.root, "global")));
    const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
    const python = await createPythonProject(ws.root, "python");
    const java = await createJavaProject(ws.root, "java");
    const projects: [string, string, string[], NodeJS.ProcessEnv][] = [
      [
        "TypeScript",
        (await createNodeProject(ws.root, { name: "ts", program: "test/engine/fixtures/likeYaml.ts" })).dir,
        [],
        {},
      ],
      ["YAML", await createYamlProject(ws.root, "yaml", { pluginEntry: false }), [], {}],
      ["Python", python.dir, [python.venvBin], {}],
      ["Go", await createGoProject(ws.root, "go"), [path.join(goroot, "bin")], {}],
      ["Java", java.dir, [], java.env],
    ];
    console.log("  pulumi preview of the same program (examples/yaml's), by language:");
    for (const [name, dir, extraPath, extraEnv] of projects) {
      const env = {
        ...extraEnv,
        ...(extraPath.length ? { PATH: [...extraPath, ws.env().PATH].join(path.delimiter) } : {}),
      };
      const run = (args: string[]) => ws.expectPulumi(dir, args, { env });
      await ws.initStack(
        dir,
        emulator.url,
        { config: { backupSenderNumber: "+15557654321" }, secrets: { secondAccountApiKey: "sk_live_emulator" } },
        { env },
      );
      await run(["preview"]); // the first run builds (Go) or compiles (TypeScript) what later ones reuse
      const times: number[] = [];
      let requests = 0;
      let alone = 0;
      for (let i = 0; i < RUNS; i++) {
        emulator.clearRequests();
        // The default store (machine), fresh for each preview so no run reuses another's reads.
        const store = mkdtempSync(path.join(ws.root, "store-"));
        const started = performance.now();
        await ws.expectPulumi(dir, ["preview"], {
          env: { ...env, CHATMAID_SHARED_STORE: "machine", XDG_RUNTIME_DIR: store },
        });
        times.push(performance.now() - started);
        requests = emulator.requests.length;
      }
      // Each process alone: the program, and each provider instance's plugin process, read for themselves.
      emulator.clearRequests();
      await run(["preview"]);
      alone = emulator.requests.length;
      console.log(
        `    ${name.padEnd(12)} ${(median(times) / 1000).toFixed(2)} s   requests ${requests} (${alone} with sharedStore off)`,
      );
    }
  } finally {
    await emulator.close();
    ws.dispose();
  }
}

export async function benchEngine(): Promise<void> {
  console.log(`\n8. Under the real Pulumi engine (median of ${RUNS} runs each)`);
  const bin = pulumiToolchain();
  const emulator = await startEmulator({ rateLimit: 0 });
  const ws = new EngineWorkspace();
  try {
    const pairs: [string, string, string][] = [];
    const basic = (await createNodeProject(ws.root, { name: "basic", program: "examples/basic/index.ts" })).dir;
    const empty = (await createNodeProject(ws.root, { name: "empty", program: "test/engine/fixtures/empty.ts" })).dir;
    ws.extraEnv.CHATMAID_BASE_URL = emulator.url;
    const yaml = await createYamlProject(ws.root, "yaml", { pluginEntry: true });
    const yamlEmpty = await createYamlProject(ws.root, "yaml-empty", {
      pluginEntry: false,
      program: "test/engine/fixtures/yamlEmpty/Pulumi.yaml",
    });
    for (const dir of [basic, empty, yamlEmpty]) await ws.initStack(dir, emulator.url);
    await ws.initStack(yaml, emulator.url, { secrets: { secondAccountApiKey: "sk_live_emulator" } });
    for (const [label, ours, floor] of [
      ["TypeScript examples/basic vs empty", basic, empty],
      ["YAML examples/yaml vs empty", yaml, yamlEmpty],
    ] as const) {
      for (const step of [["preview"], ["up", "--yes", "--skip-preview"]]) {
        const a = await timedStep(ws, ours, step);
        const b = await timedStep(ws, floor, step);
        pairs.push([
          `${label}, ${step[0]}`,
          `${(a / 1000).toFixed(2)} s vs ${(b / 1000).toFixed(2)} s`,
          `+${((a - b) / 1000).toFixed(2)} s`,
        ]);
      }
    }
    for (const [what, figures, overhead] of pairs)
      console.log(`  ${what.padEnd(46)} ${figures.padEnd(20)} ${overhead}`);

    // Requests per step of a 50-number stack, 20 of them required connected.
    const numbers = generatePhoneNumbers(50);
    emulator.setNumbers("test", numbers);
    const fifty = (await createNodeProject(ws.root, { name: "fifty", program: "test/engine/fixtures/fiftyNumbers.ts" }))
      .dir;
    await ws.initStack(fifty, emulator.url, {
      config: { senders: JSON.stringify(numbers.map((n) => n.phoneNumber)) },
    });
    console.log("  50-number stack, 20 required (floor: 1 list + 20 status per step, 0 for destroy):");
    for (const step of [
      ["up", "--yes", "--skip-preview"],
      ["preview"],
      ["refresh", "--yes", "--skip-preview"],
      ["up", "--yes"],
      ["destroy", "--yes", "--skip-preview"],
    ]) {
      emulator.clearRequests();
      await ws.expectPulumi(fifty, step);
      const lists = emulator.requests.filter((r) => /\/phone-numbers\/?$/.test(r.path)).length;
      const statuses = emulator.requests.filter((r) => r.path.endsWith("/status")).length;
      console.log(
        `    pulumi ${step.join(" ").padEnd(32)} requests ${String(emulator.requests.length).padStart(3)} (lists ${lists}, status ${statuses})`,
      );
    }
  } finally {
    await emulator.close();
    ws.dispose();
  }

  await benchLanguages();

  // SDK regeneration (npm run sdks) into a temp folder: Pulumi's code generators (scripts/sdkgen, then
  // `pulumi package gen-sdk` for .NET and Java), then go mod tidy.
  const sdkOut = mkdtempSync(path.join(tmpdir(), "chatmaid-sdks-bench-"));
  const sdkStarted = performance.now();
  const regenerated = spawnSync("bash", [path.join(__dirname, "..", "scripts", "sdks.sh"), sdkOut], {
    encoding: "utf8",
  });
  console.log(
    `  SDK regeneration (npm run sdks: Python, Go, .NET and Java) ${((performance.now() - sdkStarted) / 1000).toFixed(1)} s${regenerated.status === 0 ? "" : " (failed)"}`,
  );
  rmSync(sdkOut, { recursive: true, force: true });

  // The toolchain: the build as recorded when it was made, a rebuild now into an empty folder (Go's caches
  // as they are: warm after the first build), a cold one with empty Go caches when asked for, and disk.
  const home = path.dirname(bin);
  const recorded = existsSync(path.join(home, ".complete"))
    ? /build-seconds=(\d+)/.exec(readFileSync(path.join(home, ".complete"), "utf8"))?.[1]
    : undefined;
  const rebuild = (cold: boolean): string => {
    const scratch = mkdtempSync(path.join(tmpdir(), "chatmaid-toolchain-bench-"));
    const goCaches = cold ? { GOCACHE: path.join(scratch, "gocache"), GOMODCACHE: path.join(scratch, "gomod") } : {};
    const started = performance.now();
    const build = spawnSync("bash", [TOOLCHAIN_SCRIPT], {
      env: { ...process.env, ...goCaches, CHATMAID_PULUMI_CACHE: path.join(scratch, "out"), PULUMI_TOOLCHAIN_DIR: "" },
      encoding: "utf8",
    });
    const seconds = (performance.now() - started) / 1000;
    // Go writes its module cache read-only.
    spawnSync("chmod", ["-R", "u+w", scratch]);
    rmSync(scratch, { recursive: true, force: true });
    return `${seconds.toFixed(0)} s${build.status === 0 ? "" : " (failed)"}`;
  };
  const cold =
    process.env.CHATMAID_BENCH_COLD_TOOLCHAIN === "1" ? rebuild(true) : "not run (CHATMAID_BENCH_COLD_TOOLCHAIN=1)";
  const goEnv = (name: string) => spawnSync("go", ["env", name], { encoding: "utf8" }).stdout.trim();
  console.log(
    `  toolchain: recorded in its folder ${recorded ?? "?"} s; rebuild with warm Go caches ${rebuild(false)}; cold (empty Go caches, downloads included) ${cold}`,
  );
  console.log(
    `  toolchain disk: built folder ${du(home)}, Go module cache ${du(goEnv("GOMODCACHE"))}, Go build cache ${du(goEnv("GOCACHE"))}`,
  );
}
