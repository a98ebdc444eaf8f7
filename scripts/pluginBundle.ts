/**
 * The provider plugin as a self-contained folder: `provider/plugin/main.ts`
 * and every runtime dependency bundled by esbuild into one script, with the
 * executable the engine runs, the schema and the notices of what is bundled.
 * Unpacked anywhere, it runs with Node.js alone: no node_modules, no install.
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { thirdPartyNotices } from "./thirdPartyNotices";

/** The repository root (this file is `scripts/pluginBundle.ts`). */
export const ROOT = path.resolve(__dirname, "..");

/** The executable's name: the engine runs `<plugin folder>/pulumi-resource-chatmaid` (`.cmd` on Windows). */
export const EXECUTABLE = "pulumi-resource-chatmaid";

/** The bundle beside the executable. */
export const BUNDLE = `${EXECUTABLE}.js`;

/** The oldest Node.js the bundled code runs on (undici 7's floor; package.json's `engines`). */
const NODE_FLOOR = [20, 18, 1] as const;

/** What {@link bundlePlugin} wrote. */
export interface PluginFolder {
  /** The folder. */
  readonly dir: string;
  /** Its files, relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** The bundle's size in bytes. */
  readonly bundleBytes: number;
  /** The npm packages inside the bundle, as `name@version`, sorted. */
  readonly bundledPackages: readonly string[];
}

/**
 * Writes the plugin folder into `dir` (created). `windows` adds the `.cmd`
 * Pulumi runs there, which cannot run a script by its shebang.
 */
export async function bundlePlugin(dir: string, options: { readonly windows: boolean }): Promise<PluginFolder> {
  mkdirSync(dir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, "provider", "plugin", "main.ts")],
    outfile: path.join(dir, BUNDLE),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${NODE_FLOOR[0]}`,
    // Smaller is faster to parse: the plugin is started for every `pulumi` command.
    minify: true,
    keepNames: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    plugins: [oneGrpc(), noPulumiSdk()],
  });
  const bundled = thirdPartyNotices(result.metafile, ROOT);
  writeFileSync(path.join(dir, "THIRD-PARTY-NOTICES.md"), bundled.text);
  copyFileSync(path.join(ROOT, "LICENSE"), path.join(dir, "LICENSE"));
  copyFileSync(path.join(ROOT, "provider", "cmd", EXECUTABLE, "schema.json"), path.join(dir, "schema.json"));
  // A package.json of its own: a `"type": "module"` in a folder above (a user's home) must not make Node read the scripts as ESM.
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: EXECUTABLE, private: true, type: "commonjs" }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, EXECUTABLE), launcher());
  chmodSync(path.join(dir, EXECUTABLE), 0o755);
  if (options.windows) {
    writeFileSync(
      path.join(dir, `${EXECUTABLE}.cmd`),
      `@echo off\r\nrem The chatmaid provider plugin on Windows: Node.js runs the script beside this file.\r\nnode "%~dp0${EXECUTABLE}" %*\r\n`,
    );
  }
  const files = [
    BUNDLE,
    EXECUTABLE,
    ...(options.windows ? [`${EXECUTABLE}.cmd`] : []),
    "LICENSE",
    "THIRD-PARTY-NOTICES.md",
    "package.json",
    "schema.json",
  ].sort();
  const bundleBytes = Object.values(result.metafile.outputs)[0]!.bytes;
  return { dir, files, bundleBytes, bundledPackages: bundled.packages };
}

/** The executable: checks the Node.js version (an older one fails inside undici, unhelpfully), then runs the bundle. */
function launcher(): string {
  const [major, minor, patch] = NODE_FLOOR;
  return [
    "#!/usr/bin/env node",
    "// The chatmaid provider plugin, as released: the bundle beside this file holds",
    "// the plugin and all it uses, so nothing is installed after unpacking.",
    '"use strict";',
    'const [major, minor, patch] = process.versions.node.split(".").map(Number);',
    `if (major < ${major} || (major === ${major} && (minor < ${minor} || (minor === ${minor} && patch < ${patch})))) {`,
    "  process.stderr.write(",
    `    \`pulumi-resource-chatmaid needs Node.js ${major}.${minor}.${patch} or later, but \${process.execPath} is \${process.version}. \` +`,
    '      "Install a newer Node.js and put it first on PATH.\\n",',
    "  );",
    "  process.exit(1);",
    "}",
    `require("./${BUNDLE}");`,
    "",
  ].join("\n");
}

/**
 * provider/plugin/grpc.ts finds `@grpc/grpc-js` at run time through
 * `@pulumi/pulumi`'s folder (the proto stubs' copy), which a bundle has no
 * folder for. Bundled, the same rule holds by construction: the one copy is
 * the one resolved from `@pulumi/pulumi`, for grpc.ts and the stubs alike.
 */
function oneGrpc(): Plugin {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
  const grpcEntry = require.resolve("@grpc/grpc-js", { paths: [pulumiDir] });
  const grpcModule = path.join(ROOT, "provider", "plugin", "grpc.ts");
  return {
    name: "chatmaid-one-grpc",
    setup(b) {
      b.onResolve({ filter: /^@grpc\/grpc-js$/ }, () => ({ path: grpcEntry }));
      b.onLoad({ filter: /[\\/]provider[\\/]plugin[\\/]grpc\.ts$/ }, (args) =>
        args.path === grpcModule
          ? { contents: 'export const grpc = require("@grpc/grpc-js");', loader: "ts", resolveDir: pulumiDir }
          : undefined,
      );
    },
  };
}

/**
 * `@pulumi/pulumi` itself is only loaded by provider/dynamic/pulumiLog.ts, the log of
 * the Node SDK's dynamic provider, which the plugin never uses (it logs to the
 * engine). Its proto stubs (`@pulumi/pulumi/proto/...`) are bundled.
 */
function noPulumiSdk(): Plugin {
  return {
    name: "chatmaid-no-pulumi-sdk",
    setup(b) {
      b.onResolve({ filter: /^@pulumi\/pulumi$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}
