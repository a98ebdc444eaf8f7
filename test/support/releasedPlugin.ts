/**
 * The provider plugin's release tarballs (scripts/pluginRelease.ts), built
 * once per test run into a temp folder, and unpacked as Pulumi unpacks them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { extract, list } from "tar";
import { buildPluginRelease, type Platform, type PluginRelease } from "../../scripts/pluginRelease";
import { EXECUTABLE } from "../../scripts/pluginBundle";
import { startProviderPlugin, type ProviderPlugin, type ProviderPluginOptions } from "./providerPlugin";

let built: Promise<PluginRelease> | undefined;

/** The release, built once per process into a temp folder (never into dist-release/), removed when the process exits. */
export function releasedPlugin(): Promise<PluginRelease> {
  if (!built) {
    const dir = mkdtempSync(path.join(tmpdir(), "chatmaid-plugin-release-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    built = buildPluginRelease(dir);
  }
  return built;
}

/** This machine's platform as Pulumi names it (`GOOS-GOARCH`), e.g. `linux-amd64`. */
export function hostPlatform(): Platform {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return `${os}-${arch}` as Platform;
}

/** The entries of a tarball, as stored (paths and modes). */
export async function tarballEntries(tarball: string): Promise<{ path: string; mode: number; type: string }[]> {
  const entries: { path: string; mode: number; type: string }[] = [];
  await list({
    file: tarball,
    onReadEntry: (entry) => entries.push({ path: entry.path, mode: entry.mode ?? 0, type: entry.type }),
  });
  return entries;
}

/**
 * Unpacks `tarball` into a new folder under `parent` that has no
 * node_modules anywhere above it (checked: Node would otherwise find packages there).
 */
export async function unpackPlugin(tarball: string, parent: string = tmpdir()): Promise<string> {
  const dir = mkdtempSync(path.join(parent, "chatmaid-unpacked-plugin-"));
  for (let up = dir; path.dirname(up) !== up; up = path.dirname(up)) {
    if (existsSync(path.join(up, "node_modules")))
      throw new Error(`${up} holds a node_modules folder: an unpacked plugin there could load packages from it`);
  }
  mkdirSync(dir, { recursive: true });
  await extract({ file: tarball, cwd: dir });
  return dir;
}

/** Variables the plugin must not inherit: the machine's settings, proxies, and anything that adds module folders. */
const LEAKY = /^(CHATMAID_|PULUMI_|NODE_)|^(https?_proxy|no_proxy)$/i;

/**
 * Starts the unpacked plugin's executable as the engine does (by its
 * shebang, with Node.js on PATH), with its folder as the working directory.
 */
export function startUnpackedPlugin(
  dir: string,
  options: Partial<ProviderPluginOptions> & { env?: NodeJS.ProcessEnv } = {},
): Promise<ProviderPlugin> {
  return startProviderPlugin({
    command: [path.join(dir, EXECUTABLE)],
    packageName: "chatmaid",
    resourceType: "chatmaid:index:PhoneNumber",
    resourceName: "sender",
    cwd: dir,
    inheritEnv: (name) => !LEAKY.test(name),
    ...options,
  });
}
