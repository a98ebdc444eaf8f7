/**
 * A fleet of processes using one API key at once against the emulator, as
 * parallel deployments do: each child (fixtures/fleetMember.js, over the
 * built package) reads the list and the status of its own numbers. Used by
 * the tests of the shared stores and by `npm run bench`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";

const MEMBER = path.join(__dirname, "fixtures", "fleetMember.js");

/** Options of {@link runFleet}. */
export interface FleetOptions {
  readonly emulator: RunningEmulator;
  readonly apiKey: string;
  /** Processes. */
  readonly processes: number;
  /** Numbers each process checks the status of (distinct across processes). */
  readonly ids: readonly string[][];
  /** The key's budget: requests per window, as the emulator enforces it. */
  readonly limit: number;
  readonly windowMs: number;
  /** `CHATMAID_SHARED_STORE` of every process (`off`, `machine` or a Redis URL). */
  readonly store: string;
  /** `CHATMAID_SHARED_STORE_PASSWORD` of every process. */
  readonly password?: string;
  /**
   * Separate temporary and home folders per process, as if each ran on its
   * own machine (for Redis); else one cache folder shared by all (the machine store).
   */
  readonly separateMachines?: boolean;
  /** Called once every process has started (e.g. to kill Redis mid-run), with the time since the start. */
  readonly whileRunning?: () => Promise<void>;
  /** Kills the fleet after this long. Default 60 s. */
  readonly deadlineMs?: number;
}

/** What one process reported. */
export interface MemberReport {
  readonly listed?: number;
  readonly statuses?: number;
  readonly wrong?: number;
  readonly warnings?: string[];
  readonly ms?: number;
  readonly error?: string;
  /** Its exit code. */
  readonly code: number | null;
}

/** What the emulator saw, and each process's report. */
export interface FleetReport {
  readonly members: MemberReport[];
  readonly requests: number;
  readonly rateLimited: number;
  readonly lists: number;
  readonly wallMs: number;
}

/** Runs the fleet to the end (or its deadline) and reports. */
export async function runFleet(options: FleetOptions): Promise<FleetReport> {
  const { emulator } = options;
  const root = mkdtempSync(path.join(tmpdir(), "chatmaid-fleet-"));
  emulator.clearRequests();
  const started = performance.now();
  try {
    const runs = Array.from({ length: options.processes }, (_, i) => {
      const machine = path.join(root, options.separateMachines ? `machine-${i}` : "machine");
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: path.join(machine, "home"),
        TMPDIR: path.join(machine, "tmp"),
        XDG_CACHE_HOME: path.join(machine, "cache"),
        CHATMAID_SHARED_STORE: options.store,
        ...(options.password ? { CHATMAID_SHARED_STORE_PASSWORD: options.password } : {}),
      };
      const job = {
        apiKey: options.apiKey,
        baseUrl: emulator.url,
        limit: options.limit,
        windowMs: options.windowMs,
        ids: options.ids[i] ?? [],
      };
      return member(JSON.stringify(job), env, options.deadlineMs ?? 60_000);
    });
    if (options.whileRunning) await options.whileRunning();
    const members = await Promise.all(runs);
    const requests = emulator.requests;
    return {
      members,
      requests: requests.length,
      rateLimited: requests.filter((r) => r.status === 429).length,
      lists: requests.filter((r) => r.path === "/v1/phone-numbers").length,
      wallMs: performance.now() - started,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function member(job: string, env: NodeJS.ProcessEnv, deadlineMs: number): Promise<MemberReport> {
  const { mkdirSync } = require("node:fs") as typeof import("node:fs");
  for (const folder of [env.HOME!, env.TMPDIR!]) mkdirSync(folder, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MEMBER, job], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").at(-1) ?? "";
      let report: Omit<MemberReport, "code">;
      try {
        report = JSON.parse(line) as Omit<MemberReport, "code">;
      } catch {
        report = { error: `no report (stderr: ${err.slice(0, 500)})` };
      }
      resolve({ ...report, code });
    });
  });
}

/** The fewest requests the fleet can make: one list, and one status per number. */
export function fleetFloor(ids: readonly string[][]): number {
  return 1 + ids.reduce((n, list) => n + list.length, 0);
}
