/**
 * This repository under its package name, as a user's project has it. The
 * serialized `PhoneNumber` provider requires `@chatmaid/pulumi/provider` by
 * name from the program's folder (sdk/nodejs/phoneNumberShim.ts), and the
 * tests run it from the repository's root, in the SDK's dynamic-provider
 * plugin and in `setStackMocks`; the README's commands run its bins. So the
 * test setup installs it the way npm would, by links:
 * `node_modules/@chatmaid/pulumi` to the repository and each bin into
 * `node_modules/.bin`. package.json needs no dependency on itself.
 *
 * In a test process the name maps to the sources instead, through the
 * `paths` of test/tsconfig.json (the ones the type-checker uses), so the
 * process holds one copy of the core: what a test imports by path and what
 * the serialized provider requires by name. Plugin processes the tests start
 * load the build, as users' do.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { loadConfig, register } from "tsconfig-paths";

const ROOT = path.resolve(__dirname, "..", "..");
const MODULES = path.join(ROOT, "node_modules");

/** Makes `link` a symlink to `target` (relative), replacing anything else there; idempotent. */
function linkTo(link: string, target: string): void {
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // Not there yet.
  }
  mkdirSync(path.dirname(link), { recursive: true });
  try {
    symlinkSync(target, link);
  } catch (error) {
    // Another test process made it at the same moment.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Links node_modules/@chatmaid/pulumi to the repository and its bins into node_modules/.bin (`npm ci` removes them). */
export function linkPackageByName(): void {
  linkTo(path.join(MODULES, "@chatmaid", "pulumi"), path.join("..", ".."));
  const { bin } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
  for (const [name, file] of Object.entries(bin)) {
    linkTo(path.join(MODULES, ".bin", name), path.join("..", "@chatmaid", "pulumi", file));
  }
}

let unregister: (() => void) | undefined;

/** Resolves `@chatmaid/pulumi[/…]` in this process to the sources, by test/tsconfig.json's `paths`. */
export function resolvePackageToSources(): void {
  if (unregister) return;
  const config = loadConfig(path.join(ROOT, "test"));
  if (config.resultType !== "success") throw new Error(`test/tsconfig.json: ${config.message}`);
  unregister = register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
}

/** Runs `body` with the package name resolved as Node resolves it (from node_modules), then maps it to the sources again. */
export async function resolvingByNodeModules<T>(body: () => Promise<T>): Promise<T> {
  unregister?.();
  unregister = undefined;
  try {
    return await body();
  } finally {
    resolvePackageToSources();
  }
}
