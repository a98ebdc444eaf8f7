/**
 * Test support for the package tests: pack this repository, and create a
 * fresh Pulumi TypeScript project that installs the tarball.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describeResult, expectSuccess, runCommand } from "./commands";

/** The repository root (this file is `test/package/freshProject.ts`). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** This repository's package.json, the fields the tests read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly main: string;
  readonly types: string;
  readonly bin: Record<string, string>;
  readonly exports: Record<string, string | Record<string, string>>;
  readonly devDependencies: Record<string, string>;
}

export const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;

/** The SDK version the project pins: the floor of the package's range (^3.141.0), far older than this repository's lock (3.248.0). */
export const PROJECT_PULUMI = "3.141.0";

/** Time allowed for `npm install` (8-15 s with a warm cache; a cold cache and a slow registry take longer). */
export const INSTALL_DEADLINE_MS = 180_000;

/** The tsconfig.json `pulumi new typescript` writes, with the test file added to `files`. */
export const PULUMI_NEW_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts", "index.test.ts"],
};

/** The TypeScript a project pins by default: this repository's (5.9). */
export const PROJECT_TYPESCRIPT = manifest.devDependencies.typescript!;

/** The newest TypeScript major a user may have, from npm. */
export const NEXT_TYPESCRIPT = "6";

/** The first @pulumi/pulumi whose optional peer range admits TypeScript 6 (`>= 3.8.3 < 7`); earlier ones say `< 6`. */
export const PULUMI_FOR_TYPESCRIPT_6 = "3.248.0";

/** examples/stack-test's own files, as a user copies them. */
export const STACK_TEST_DIR = path.join(ROOT, "examples", "stack-test");

/** Versions a fresh project pins, and more dev dependencies (e.g. a second compiler under an alias). */
export interface ProjectOptions {
  /** The `typescript` spec. Default {@link PROJECT_TYPESCRIPT}. */
  readonly typescript?: string;
  /** The `@pulumi/pulumi` version. Default {@link PROJECT_PULUMI}. */
  readonly pulumi?: string;
  /** Extra dev dependencies, name to spec. */
  readonly devDependencies?: Record<string, string>;
}

/** What `npm pack` made. */
export interface Packed {
  /** The tarball. */
  readonly tarball: string;
  /** Paths inside the package, as npm lists them (`dist/sdk/nodejs/index.js`). */
  readonly files: string[];
}

/** Packs the repository as it is (no build: `npm test` has built `dist/`) into `dir`. */
export async function packInto(dir: string): Promise<Packed> {
  if (!existsSync(path.join(ROOT, manifest.main)))
    throw new Error(`${manifest.main} is missing: run \`npm run build\``);
  const result = expectSuccess(
    await runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      deadlineMs: 60_000,
    }),
    "npm pack failed",
  );
  const [info] = JSON.parse(result.stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * Creates `dir` as a fresh Pulumi TypeScript project from examples/stack-test
 * as a user copies it (its package.json, tsconfig.json, program and test),
 * plus a Pulumi.yaml and the tsconfig `pulumi new` writes (as
 * `tsconfig.pulumi-new.json`), pinning {@link PROJECT_PULUMI} and
 * {@link PROJECT_TYPESCRIPT} unless `options` say otherwise, then
 * `npm install`s the tarball into it.
 */
export async function createProject(dir: string, tarball: string, options: ProjectOptions = {}): Promise<void> {
  mkdirSync(dir);
  const example = JSON.parse(readFileSync(path.join(STACK_TEST_DIR, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const packageJson = {
    ...example,
    dependencies: { ...example.dependencies, "@pulumi/pulumi": options.pulumi ?? PROJECT_PULUMI },
    devDependencies: {
      ...example.devDependencies,
      typescript: options.typescript ?? PROJECT_TYPESCRIPT,
      ...options.devDependencies,
    },
  };
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: chatmaid-stack-test\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  writeFileSync(path.join(dir, "tsconfig.pulumi-new.json"), JSON.stringify(PULUMI_NEW_TSCONFIG, null, 2));
  for (const file of ["index.ts", "index.test.ts", "tsconfig.json"]) {
    copyFileSync(path.join(STACK_TEST_DIR, file), path.join(dir, file));
  }
  const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
    cwd: dir,
    deadlineMs: INSTALL_DEADLINE_MS,
  });
  if (install.timedOut || install.code !== 0) {
    throw new Error(
      describeResult(
        install,
        "Installing the tarball into a fresh project failed (npm needs the registry for packages its cache lacks: is it reachable?)",
      ),
    );
  }
}

/** Every `@pulumi/pulumi` installed under `dir/node_modules`, at any depth, as `<path>@<version>`. */
export function pulumiCopies(dir: string): string[] {
  const found: string[] = [];
  const visitPackage = (packageDir: string): void => {
    if (packageDir.endsWith(path.join("@pulumi", "pulumi"))) {
      const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
        version: string;
      };
      found.push(`${path.relative(dir, packageDir)}@${version}`);
    }
    visitModules(path.join(packageDir, "node_modules"));
  };
  const visitModules = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const full = path.join(modules, entry.name);
      if (!entry.name.startsWith("@")) visitPackage(full);
      else for (const scoped of readdirSync(full, { withFileTypes: true })) visitPackage(path.join(full, scoped.name));
    }
  };
  visitModules(path.join(dir, "node_modules"));
  return found;
}

/** Files package.json points at: main, types, every export condition, every bin. */
export function entryFiles(): string[] {
  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin)];
  for (const target of Object.values(manifest.exports)) {
    targets.push(...(typeof target === "string" ? [target] : Object.values(target)));
  }
  return [...new Set(targets.map((t) => path.posix.normalize(t)))];
}
