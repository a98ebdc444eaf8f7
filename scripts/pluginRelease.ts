/**
 * `npm run plugin:release`: the provider plugin's release tarballs, named as
 * Pulumi downloads them (`pulumi-resource-chatmaid-v<version>-<os>-<arch>.tar.gz`),
 * one per platform Pulumi and Node.js 20 both run on, each holding the
 * folder {@link bundlePlugin} writes. Written into dist-release/ (ignored by
 * git), with a SHA-256 list beside them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { create } from "tar";
import { bundlePlugin, EXECUTABLE, ROOT } from "./pluginBundle";

/** The platforms, as Pulumi names them (`GOOS-GOARCH`). The same JavaScript serves them all. */
export const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"] as const;

/** A platform of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** Where `npm run plugin:release` writes. */
export const RELEASE_DIR = path.join(ROOT, "dist-release");

/** Every file in a tarball gets this time, so the same sources give the same bytes. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** What {@link buildPluginRelease} wrote. */
export interface PluginRelease {
  /** The version released: package.json's (equal to schema.json's, which a test keeps so). */
  readonly version: string;
  /** The folder holding the tarballs. */
  readonly dir: string;
  /** The tarballs' paths, by platform. */
  readonly tarballs: Readonly<Record<Platform, string>>;
  /** The SHA-256 list (`<hex>  <file name>` lines, as `sha256sum` writes). */
  readonly checksums: string;
  /** The bundle's size in bytes. */
  readonly bundleBytes: number;
  /** The npm packages inside the bundle, as `name@version`. */
  readonly bundledPackages: readonly string[];
}

/** The tarball's file name for `version` on `platform`, as the engine asks a plugin server for it. */
export function tarballName(version: string, platform: Platform): string {
  return `${EXECUTABLE}-v${version}-${platform}.tar.gz`;
}

/** Builds the tarballs into `dir` (emptied first). */
export async function buildPluginRelease(dir: string = RELEASE_DIR): Promise<PluginRelease> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), "chatmaid-plugin-release-"));
  try {
    const folders = {
      unix: await bundlePlugin(path.join(work, "unix"), { windows: false }),
      windows: await bundlePlugin(path.join(work, "windows"), { windows: true }),
    };
    const tarballs = {} as Record<Platform, string>;
    const sums: string[] = [];
    for (const platform of PLATFORMS) {
      const folder = platform.startsWith("windows-") ? folders.windows : folders.unix;
      const file = path.join(dir, tarballName(version, platform));
      await create({ gzip: true, file, cwd: folder.dir, portable: true, mtime: FIXED_MTIME }, [...folder.files]);
      tarballs[platform] = file;
      sums.push(`${createHash("sha256").update(readFileSync(file)).digest("hex")}  ${path.basename(file)}`);
    }
    const checksums = path.join(dir, `${EXECUTABLE}-v${version}-checksums.txt`);
    writeFileSync(checksums, `${sums.join("\n")}\n`);
    return {
      version,
      dir,
      tarballs,
      checksums,
      bundleBytes: folders.unix.bundleBytes,
      bundledPackages: folders.unix.bundledPackages,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildPluginRelease().then(
    (release) => {
      console.log(
        `pulumi-resource-chatmaid v${release.version}: ${(release.bundleBytes / 1024).toFixed(0)} KiB bundle, ` +
          `${release.bundledPackages.length} npm packages inside`,
      );
      for (const file of [...Object.values(release.tarballs), release.checksums])
        console.log(path.relative(process.cwd(), file));
    },
    (error: unknown) => {
      console.error(
        `plugin:release failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}
