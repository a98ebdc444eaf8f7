/**
 * Test support: prove that a scenario leaves nothing behind by running it in
 * a child Node process that must exit on its own.
 *
 * A timer, socket or pending request left behind keeps a Node process alive;
 * an unhandled rejection is reported by the child's own handler. So: the
 * child runs one call, prints one JSON line, and simply returns (it never
 * calls `process.exit`). {@link runChild} waits for it to exit by itself and
 * kills it only after a deadline, reporting that it had to.
 *
 * Children run plain JavaScript transpiled once per test run by
 * {@link transpileForChildren} (the same `transpileModule` ts-node's
 * transpile-only mode uses), because loading TypeScript in every child costs
 * about a second of CPU each.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";
import { ISOLATED_STORE } from "./testEnvironment";

/** The repository root (this file is `test/support/leakCheck.ts`). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** How a child process ended. */
export interface ChildResult {
  /** Exit code, or null when killed. */
  readonly code: number | null;
  /** The signal that ended it, when killed. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when it did not exit by itself before the deadline and was killed. */
  readonly timedOut: boolean;
  /** From spawn to exit. */
  readonly durationMs: number;
}

/** Options of {@link runChild}. */
export interface RunChildOptions {
  /** Kill the child (and report `timedOut`) if it has not exited by then. */
  readonly deadlineMs: number;
  /** Environment; merged over a copy of this process's environment minus every `CHATMAID_*` variable. */
  readonly env?: Record<string, string | undefined>;
  /** Arguments after the script. */
  readonly args?: readonly string[];
  /** Extra `node` flags before the script. */
  readonly nodeArgs?: readonly string[];
}

/** Runs `node <script>` and resolves once it exits (or was killed at the deadline). */
export function runChild(script: string, options: RunChildOptions): Promise<ChildResult> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CHATMAID_")) env[k] = v;
  Object.assign(env, ISOLATED_STORE);
  Object.assign(env, options.env ?? {});
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
      cwd: REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.deadlineMs);
    child.on("error", (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Transpiled copies of repository directories, runnable with plain `node`. */
export interface TranspiledTree {
  /** Root of the copy: `<root>/core/client/chatmaidClient.js` mirrors `core/client/chatmaidClient.ts`. */
  readonly root: string;
  /** Path of the copy of a repository `.ts` file, e.g. `test/core/client/fixtures/faultCall.ts`. */
  path(repoRelativeTs: string): string;
  /** Environment the children need to resolve the repository's dependencies (`NODE_PATH`). */
  readonly env: Record<string, string>;
  /** Deletes the copy. */
  remove(): void;
}

/**
 * Transpiles every `.ts` file under the given repository directories (not
 * recursive into `node_modules`) to CommonJS in a fresh temporary directory,
 * keeping the layout so relative imports work. Bare imports (`zod`) resolve
 * from the repository's `node_modules` through `NODE_PATH`.
 */
export function transpileForChildren(directories: readonly string[]): TranspiledTree {
  const root = mkdtempSync(join(tmpdir(), "chatmaid-children-"));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(rel);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const source = readFileSync(join(REPO_ROOT, rel), "utf8");
        const output = ts.transpileModule(source, {
          fileName: rel,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        const target = join(root, rel.replace(/\.ts$/, ".js"));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, output);
      }
    }
  };
  for (const dir of directories) walk(dir);
  return {
    root,
    path: (file) => join(root, relative(REPO_ROOT, resolve(REPO_ROOT, file)).replace(/\.ts$/, ".js")),
    env: { NODE_PATH: join(REPO_ROOT, "node_modules") },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Returns a function that runs tasks with at most `limit` in flight at once (each call resolves with its own task). */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so the count never overshoots.
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
