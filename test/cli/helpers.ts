/**
 * Runs `chatmaid-numbers` as a child process, the way a user or a CI job does:
 * argv, environment, stdin closed, stdout/stderr piped, exit code.
 *
 * Speed: starting the bin through ts-node costs ~1.7 CPU-seconds per process
 * (it transpiles ~30 files every time), too slow for dozens of runs. So the
 * sources are transpiled once per test run, with the same
 * `ts.transpileModule` ts-node's transpile-only mode uses, into a temp dir,
 * and the children run plain `node` on that. No build (`dist/`) is involved,
 * so tests always see the current sources. {@link runCliFromSource} runs the
 * literal `node -r ts-node/register/transpile-only cli/main.ts` command for the
 * few tests that prove that path.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import type { RunningEmulator } from "../../emulator";
import type { OutputStream } from "../../cli/output";
import { ISOLATED_STORE } from "../support/testEnvironment";

/** The repository root. */
export const ROOT = resolve(__dirname, "../..");

/** The emulator's valid test key. */
export const TEST_KEY = "sk_test_emulator";

/** What a finished run printed, and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  /** Variables added to a clean environment (no inherited `CHATMAID_*` or colour settings). */
  readonly env?: Record<string, string>;
  /** Kill the child after this long. Default 15 000 ms. */
  readonly timeoutMs?: number;
}

/** Runs the bin (transpiled once, see the file comment) with `args`. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return spawnCli([compiledMain(), ...args], options, { NODE_PATH: join(ROOT, "node_modules") });
}

/** A stderr line and when it arrived, in milliseconds since the run started. */
export interface TimedLine {
  readonly atMs: number;
  readonly text: string;
}

/** A run in progress, watched as it goes: for signals sent mid-run and for when lines arrive. */
export interface LiveRun {
  readonly child: ChildProcess;
  /** Every complete stderr line so far, with when it arrived. */
  readonly lines: TimedLine[];
  /** Resolves with the first stderr line matching `pattern`. */
  lineMatching(pattern: RegExp): Promise<TimedLine>;
  /** Resolves when the run ends. */
  readonly done: Promise<CliResult>;
}

/** Starts the bin (transpiled once) with `args`, not waiting for it to end. */
export function startCli(args: readonly string[], options: RunOptions = {}): LiveRun {
  const started = Date.now();
  const child = spawn(process.execPath, [compiledMain(), ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), NODE_PATH: join(ROOT, "node_modules"), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: TimedLine[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: TimedLine) => void }> = [];
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    const atMs = Date.now() - started;
    const complete = (stderr + chunk).split("\n").length - 1;
    stderr += chunk;
    for (const text of stderr.split("\n").slice(lines.length, complete)) {
      const line = { atMs, text };
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(text))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15_000);
  const done = new Promise<CliResult>((resolveRun, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
  const lineMatching = (pattern: RegExp): Promise<TimedLine> => {
    const seen = lines.find((l) => pattern.test(l.text));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ pattern, resolve });
      void done.then((result) => reject(new Error(`ended without a line matching ${pattern}: ${result.stderr}`)));
    });
  };
  return { child, lines, lineMatching, done };
}

/** Runs `node -r ts-node/register/transpile-only cli/main.ts ...args` from the repository root. */
export function runCliFromSource(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return spawnCli(["-r", "ts-node/register/transpile-only", "cli/main.ts", ...args], options, {});
}

/** The environment for a run against an emulator with the test key. */
export function emulatorEnv(emulator: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return { CHATMAID_API_KEY: TEST_KEY, CHATMAID_BASE_URL: emulator.url, ...extra };
}

export { useEmulator } from "../emulator/helpers";

/** A stream for in-process runs that records what is written; a terminal when `isTTY`. */
export function fakeStream(isTTY = false, columns = 120): OutputStream & { text: string } {
  const stream = { isTTY, columns, text: "", write: (chunk: string): boolean => ((stream.text += chunk), true) };
  return stream;
}

/** Asserts stderr is exactly one line `chatmaid-numbers: ...` and returns the message. */
export function oneErrorLine(result: CliResult): string {
  assert.match(
    result.stderr,
    /^chatmaid-numbers: [^\n]+\n$/,
    `expected one error line, got: ${JSON.stringify(result.stderr)}`,
  );
  return result.stderr.slice("chatmaid-numbers: ".length, -1);
}

/** Asserts no output has a stack trace or an ANSI escape. */
export function assertPlainOutput(result: CliResult): void {
  for (const [name, text] of [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ] as const) {
    assert.doesNotMatch(text, /\n\s+at /, `${name} has a stack trace: ${text}`);
    assert.doesNotMatch(text, /\x1b\[/, `${name} has ANSI escapes: ${JSON.stringify(text)}`);
  }
}

// Children started at once by one test (Promise.all) share the CPUs rather
// than all starting together and timing out on a busy machine.
const MAX_CHILDREN = Math.max(2, availableParallelism());
let running = 0;
const queue: Array<() => void> = [];

async function spawnCli(
  nodeArgs: readonly string[],
  options: RunOptions,
  base: Record<string, string>,
): Promise<CliResult> {
  if (running >= MAX_CHILDREN) await new Promise<void>((resolveSlot) => queue.push(resolveSlot));
  running++;
  try {
    return await spawnOnce(nodeArgs, options, base);
  } finally {
    running--;
    queue.shift()?.();
  }
}

function spawnOnce(nodeArgs: readonly string[], options: RunOptions, base: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { ...cleanEnv(), ...ISOLATED_STORE, ...base, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15_000);
  return new Promise((resolveRun, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

// The developer's own settings must not leak into a test's child.
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      name.startsWith("CHATMAID_") ||
      ["NO_COLOR", "FORCE_COLOR", "NODE_PATH", "NODE_OPTIONS"].includes(name)
    )
      continue;
    env[name] = value;
  }
  return env;
}

let compiled: string | undefined;

/** Transpiles cli/ and provider/ once per test process; returns the path of the bin. */
function compiledMain(): string {
  if (compiled) return compiled;
  const out = mkdtempSync(join(tmpdir(), "chatmaid-numbers-test-"));
  process.on("exit", () => rmSync(out, { recursive: true, force: true }));
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions = { ...options, sourceMap: false, declaration: false, noEmit: false };
  for (const dir of ["cli", "core", "provider"]) {
    for (const file of tsFiles(join(ROOT, dir))) {
      const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions, fileName: file });
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
  compiled = join(out, "cli", "main.js");
  return compiled;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}
