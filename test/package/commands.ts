/**
 * Test support for the package tests: run a command with a deadline, and
 * fail with a message that says which command failed, where, and what it
 * printed.
 */
import { spawn } from "node:child_process";
import { ISOLATED_STORE } from "../support/testEnvironment";

/** How a command ended. */
export interface CommandResult {
  readonly command: string;
  readonly cwd: string;
  /** Exit code, or null when it was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the deadline passed and the command was killed. */
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  readonly cwd: string;
  /** Kill the command (and its children) after this long. */
  readonly deadlineMs: number;
  /** Environment; default: this process's, without `CHATMAID_*` variables. */
  readonly env?: NodeJS.ProcessEnv;
}

/** This process's environment without `CHATMAID_*` variables, so a developer's settings do not leak in (each run paces alone). */
export function cleanEnv(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("CHATMAID_"))),
    ...ISOLATED_STORE,
  };
}

/** Runs `file args...` (no shell) and resolves when it exits or was killed at the deadline. */
export function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const command = [file, ...args].join(" ");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so the deadline also stops what it started (npm's scripts, mocha's workers).
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, options.deadlineMs);
    child.on("error", (error) => {
      clearTimeout(killer);
      reject(new Error(`could not start \`${command}\` in ${options.cwd}: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({
        command,
        cwd: options.cwd,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** A command's output for a failure message: all of it, or its start and end when long (the first error and the summary). */
function excerpt(text: string, head = 4000, tail = 2000): string {
  const trimmed = text.trim();
  if (trimmed.length <= head + tail) return trimmed || "(nothing)";
  return `${trimmed.slice(0, head)}\n[... ${trimmed.length - head - tail} characters ...]\n${trimmed.slice(-tail)}`;
}

/** Describes a finished command: what ran, where, how it ended, and its output. */
export function describeResult(result: CommandResult, why: string): string {
  const ending = result.timedOut
    ? `was killed after ${result.durationMs} ms (deadline)`
    : `exited with code ${result.code} after ${result.durationMs} ms`;
  return [
    `${why}: \`${result.command}\` in ${result.cwd} ${ending}.`,
    `--- stderr ---\n${excerpt(result.stderr)}`,
    `--- stdout ---\n${excerpt(result.stdout)}`,
  ].join("\n");
}

/** Throws (with {@link describeResult}) unless the command exited 0 before its deadline. */
export function expectSuccess(result: CommandResult, why: string): CommandResult {
  if (result.timedOut || result.code !== 0) throw new Error(describeResult(result, why));
  return result;
}
