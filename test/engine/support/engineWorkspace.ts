/**
 * One isolated Pulumi installation for a group of engine tests: its own
 * PULUMI_HOME and file backend in a temp folder, a throwaway passphrase, no
 * update check, no plugin downloads, and a PATH that holds only the built
 * toolchain, Node.js and the system's folders (no Pulumi of the developer's).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cleanEnv, describeResult, runCommand, type CommandResult } from "../../package/commands";
import { pulumiToolchain } from "../../support/pulumiToolchain";

/** A `pulumi` command takes a few seconds; a wait or a slow machine more. */
const DEFAULT_DEADLINE_MS = 180_000;

/** Options of one `pulumi` run. */
export interface PulumiRunOptions {
  /** Extra environment (added to the workspace's). */
  readonly env?: NodeJS.ProcessEnv;
  readonly deadlineMs?: number;
}

/** A temp PULUMI_HOME and backend, and `pulumi` run against them. */
export class EngineWorkspace {
  /** The temp folder that holds everything below. */
  readonly root: string;
  /** PULUMI_HOME: plugins, credentials, workspace settings. */
  readonly home: string;
  /** The file backend's folder (state, history, backups). */
  readonly backend: string;
  /** The toolchain's folder. */
  readonly toolchain: string;
  /** Every command's output, to check that no secret was ever printed. */
  readonly transcript: string[] = [];

  /** Folders put on PATH after the toolchain (e.g. where `npm install -g` put a plugin). */
  readonly extraPath: string[] = [];
  /** Environment every command gets on top of the workspace's own. */
  readonly extraEnv: NodeJS.ProcessEnv = {};

  constructor() {
    this.toolchain = pulumiToolchain();
    this.root = mkdtempSync(path.join(tmpdir(), "chatmaid-engine-"));
    this.home = path.join(this.root, "pulumi-home");
    this.backend = path.join(this.root, "backend");
    mkdirSync(this.home);
    mkdirSync(this.backend);
    mkdirSync(path.join(this.root, "xdg-cache"), { mode: 0o700 });
    mkdirSync(path.join(this.root, "xdg-runtime"), { mode: 0o700 });
  }

  /** The environment every command gets. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const system = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
    return {
      ...cleanEnv(),
      PATH: [this.toolchain, ...this.extraPath, path.dirname(process.execPath), ...system].join(path.delimiter),
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "chatmaid-engine-test-throwaway",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      NO_COLOR: "1",
      // The package's machine store (shared budget and reads) lives here, never in the developer's folders.
      XDG_CACHE_HOME: path.join(this.root, "xdg-cache"),
      XDG_RUNTIME_DIR: path.join(this.root, "xdg-runtime"),
      // Scenarios change the dashboard between steps seconds apart; reads shared across processes within
      // cacheSeconds would hide that. requestFloor.test.ts runs the machine store on purpose.
      CHATMAID_SHARED_STORE: "off",
      ...this.extraEnv,
      ...extra,
    };
  }

  /** Runs `pulumi args... --non-interactive --color never` in `cwd`; the result says how it ended. */
  async pulumi(cwd: string, args: readonly string[], options: PulumiRunOptions = {}): Promise<CommandResult> {
    const result = await runCommand(
      path.join(this.toolchain, "pulumi"),
      [...args, "--non-interactive", "--color", "never"],
      {
        cwd,
        env: this.env(options.env),
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      },
    );
    this.transcript.push(result.stdout, result.stderr);
    return result;
  }

  /** Like {@link pulumi}, but fails with the command's output unless it exited 0. */
  async expectPulumi(cwd: string, args: readonly string[], options: PulumiRunOptions = {}): Promise<CommandResult> {
    const result = await this.pulumi(cwd, args, options);
    if (result.timedOut || result.code !== 0) throw new Error(describeResult(result, `pulumi ${args[0]} failed`));
    return result;
  }

  /** Starts `pulumi args...` and returns the process (for signals); its output is collected into `output`. */
  start(cwd: string, args: readonly string[], output: { text: string }): ChildProcess {
    const child = spawn(path.join(this.toolchain, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd,
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer): void => {
      output.text += chunk.toString();
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.on("close", () => this.transcript.push(output.text));
    return child;
  }

  /**
   * `pulumi stack init dev` in `dir`, with the default account on the emulator
   * at `baseUrl` (`chatmaid:baseUrl`, and `chatmaid:apiKey` as a secret), then
   * `config` and `secrets` (each `key: value`) set in order.
   */
  async initStack(
    dir: string,
    baseUrl: string,
    extra: { readonly config?: Record<string, string>; readonly secrets?: Record<string, string> } = {},
    options: PulumiRunOptions = {},
  ): Promise<void> {
    await this.expectPulumi(dir, ["stack", "init", "dev"], options);
    await this.expectPulumi(dir, ["config", "set", "chatmaid:baseUrl", baseUrl], options);
    await this.expectPulumi(dir, ["config", "set", "--secret", "chatmaid:apiKey", "sk_test_emulator"], options);
    for (const [key, value] of Object.entries(extra.config ?? {}))
      await this.expectPulumi(dir, ["config", "set", key, value], options);
    for (const [key, value] of Object.entries(extra.secrets ?? {}))
      await this.expectPulumi(dir, ["config", "set", "--secret", key, value], options);
  }

  /** `pulumi stack export` of the selected stack in `cwd`, parsed. */
  async exportStack(cwd: string): Promise<StackExport> {
    const result = await this.expectPulumi(cwd, ["stack", "export"]);
    return JSON.parse(result.stdout) as StackExport;
  }

  /**
   * Files under PULUMI_HOME and the backend that contain `secret` as plain
   * text, and whether any command printed it.
   */
  findSecret(secret: string): { files: string[]; printed: boolean } {
    const files: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.isFile() && statSync(full).size < 64 * 1024 * 1024 && readFileSync(full).includes(secret))
          files.push(full);
      }
    };
    visit(this.home);
    visit(this.backend);
    return { files, printed: this.transcript.some((text) => text.includes(secret)) };
  }

  /** Removes the temp folder. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The parts of `pulumi stack export` the tests read. */
export interface StackExport {
  readonly deployment: {
    readonly resources?: readonly ExportedResource[];
    readonly pending_operations?: readonly unknown[];
  };
}

/** One resource of a stack export. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The resources of `exported` whose URN ends with `::<name>`. */
export function resourceNamed(exported: StackExport, name: string): ExportedResource | undefined {
  return exported.deployment.resources?.find((r) => r.urn.endsWith(`::${name}`));
}

/** The stack's outputs (the root `pulumi:pulumi:Stack` resource's). */
export function stackOutputsOf(exported: StackExport): Record<string, unknown> {
  return exported.deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
}
