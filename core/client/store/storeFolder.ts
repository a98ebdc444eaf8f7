import { homedir } from "node:os";
import * as path from "node:path";

/** The machine store's folder name inside the user's runtime or cache folder. */
const FOLDER = "chatmaid-pulumi";

/**
 * Where the machine store lives: the user's runtime folder when there is one
 * (`XDG_RUNTIME_DIR`: private to the user, cleared at logout), else the
 * user's cache folder (`XDG_CACHE_HOME`, `~/Library/Caches`, `%LOCALAPPDATA%`
 * or `~/.cache`).
 */
export function machineStoreFolder(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const absolute = (value: string | undefined): string | undefined =>
    value && path.isAbsolute(value) ? value : undefined;
  const home = env.HOME || homedir();
  const base =
    absolute(env.XDG_RUNTIME_DIR) ??
    absolute(env.XDG_CACHE_HOME) ??
    (platform === "darwin"
      ? path.join(home, "Library", "Caches")
      : platform === "win32"
        ? (absolute(env.LOCALAPPDATA) ?? path.join(home, "AppData", "Local"))
        : path.join(home, ".cache"));
  return path.join(base, FOLDER);
}
