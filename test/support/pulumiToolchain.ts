/**
 * The real Pulumi CLI and language hosts for the engine tests, from
 * `scripts/pulumi-toolchain.sh`: built from Pulumi's Go modules on first use
 * (about ten minutes on two cores), then read from its cache at once.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The repository root (this file is `test/support/pulumiToolchain.ts`). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The script that builds or finds the toolchain. */
export const TOOLCHAIN_SCRIPT = path.join(ROOT, "scripts", "pulumi-toolchain.sh");

/** A cold build takes about ten minutes; give it room on a loaded machine. */
const BUILD_DEADLINE_MS = 50 * 60_000;

let folder: string | undefined;

/**
 * The folder holding `pulumi`, its language hosts and the dynamic-provider
 * launchers (the last line the script prints). Runs the script once per
 * process; its progress goes to this process's stderr.
 * @throws Error naming the script and how it ended when it fails.
 */
export function pulumiToolchain(): string {
  if (folder !== undefined) return folder;
  const result = spawnSync("bash", [TOOLCHAIN_SCRIPT], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: BUILD_DEADLINE_MS,
  });
  const last = result.stdout?.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !existsSync(path.join(last, "pulumi"))) {
    throw new Error(
      `scripts/pulumi-toolchain.sh did not provide a Pulumi CLI (exit ${result.status}${result.signal ? `, ${result.signal}` : ""}; ` +
        `its messages are above). The engine tests need Go 1.26.6+ and the Go module proxy, or ` +
        `PULUMI_TOOLCHAIN_DIR set to the folder of a Pulumi CLI you have.`,
    );
  }
  folder = last;
  return folder;
}

/** The Pulumi version the script pins (`PULUMI_VERSION=` in it). */
export function pinnedPulumiVersion(): string {
  const match = /^PULUMI_VERSION=(v[0-9.]+)$/m.exec(readFileSync(TOOLCHAIN_SCRIPT, "utf8"));
  if (!match) throw new Error(`${TOOLCHAIN_SCRIPT} pins no PULUMI_VERSION`);
  return match[1]!;
}

/**
 * Pulumi's package-schema metaschema (`pkg/codegen/schema/pulumi.json` of
 * pkg/v3 at the pinned version): beside the toolchain the script built, or
 * from Go's module cache (downloaded there when missing) for a toolchain of
 * one's own.
 * @throws Error saying what to install when neither can be had.
 */
export function pulumiMetaschemaPath(): string {
  const beside = path.join(pulumiToolchain(), "..", "share", "package-metaschema.json");
  if (existsSync(beside)) return beside;
  const module = `github.com/pulumi/pulumi/pkg/v3@${pinnedPulumiVersion()}`;
  const download = spawnSync("go", ["mod", "download", "-json", module], {
    encoding: "utf8",
    env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" },
    timeout: 10 * 60_000,
  });
  const dir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  const file = dir && path.join(dir, "codegen", "schema", "pulumi.json");
  if (!file || !existsSync(file)) {
    throw new Error(
      `Pulumi's package metaschema was not found beside the toolchain, and \`go mod download ${module}\` ` +
        `did not provide it (${download.error?.message ?? download.stderr?.trim() ?? "no output"}). Install Go 1.26.6+ ` +
        `with access to the Go module proxy, or run scripts/pulumi-toolchain.sh without PULUMI_TOOLCHAIN_DIR.`,
    );
  }
  return file;
}
