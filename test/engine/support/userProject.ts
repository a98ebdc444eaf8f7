/**
 * A user's Pulumi TypeScript project, the way `pulumi new typescript` lays it
 * out, with one of this repository's example programs copied in as
 * `index.ts` and the packed tarball installed by npm, pnpm or yarn.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cleanEnv, expectSuccess, runCommand } from "../../package/commands";
import { INSTALL_DEADLINE_MS, packInto, PULUMI_NEW_TSCONFIG, type Packed } from "../../package/freshProject";
import { ROOT } from "../../support/pulumiToolchain";

/** The package managers Pulumi's Node runtime supports that a project here can use. */
export type PackageManager = "npm" | "pnpm" | "yarn";

/** Versions fetched from the npm registry for the pnpm and yarn scenarios (both run on Node 20). */
const PACKAGE_MANAGER_VERSIONS: Readonly<Record<Exclude<PackageManager, "npm">, string>> = {
  pnpm: "10.34.8",
  yarn: "1.22.22",
};

/** The @pulumi/pulumi a user gets today on Node 20: the version this repository's lock holds. */
export const USER_PULUMI_SDK: string = (
  JSON.parse(readFileSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as {
    version: string;
  }
).version;

let packed: Promise<Packed> | undefined;

/** The package packed once per test run (from `dist/`, which `npm test` builds first). */
export function packedPackage(): Promise<Packed> {
  packed ??= packInto(mkdtempSync(path.join(tmpdir(), "chatmaid-engine-pack-")));
  return packed;
}

const toolFolders = new Map<string, Promise<string>>();

/** The `.bin` folder of pnpm or yarn installed from npm into a temp folder, once per run. */
function packageManagerBin(manager: Exclude<PackageManager, "npm">): Promise<string> {
  let folder = toolFolders.get(manager);
  if (folder === undefined) {
    folder = (async () => {
      const dir = mkdtempSync(path.join(tmpdir(), `chatmaid-engine-${manager}-`));
      writeFileSync(path.join(dir, "package.json"), '{"private":true}');
      expectSuccess(
        await runCommand(
          "npm",
          ["install", "--no-audit", "--no-fund", "--prefer-offline", `${manager}@${PACKAGE_MANAGER_VERSIONS[manager]}`],
          { cwd: dir, deadlineMs: INSTALL_DEADLINE_MS },
        ),
        `installing ${manager} from the npm registry failed`,
      );
      return path.join(dir, "node_modules", ".bin");
    })();
    toolFolders.set(manager, folder);
  }
  return folder;
}

/** What {@link createNodeProject} makes. */
export interface NodeProjectOptions {
  /** Project name (Pulumi.yaml and package.json). */
  readonly name: string;
  /** The program to copy in as `index.ts`, relative to the repository root. */
  readonly program: string;
  /** Default npm. */
  readonly packageManager?: PackageManager;
  /** A tarball to install instead of this repository's packed package. */
  readonly tarball?: string;
}

/** A created project. */
export interface NodeProject {
  readonly dir: string;
  readonly packageManager: PackageManager;
  /** Folders to put on PATH for its tools (the package manager's). */
  readonly path: readonly string[];
  /** Runs the project's package manager with `args` in its folder. */
  install(args?: readonly string[]): Promise<void>;
}

/**
 * Creates a project in a new folder under `parent` (Pulumi.yaml with the
 * `packagemanager` runtime option, package.json, the tsconfig `pulumi new`
 * writes, the program) and installs its dependencies with its package manager.
 */
export async function createNodeProject(parent: string, options: NodeProjectOptions): Promise<NodeProject> {
  const manager = options.packageManager ?? "npm";
  const dir = path.join(parent, options.name);
  mkdirSync(dir, { recursive: true });
  const tarball = options.tarball ?? (await packedPackage()).tarball;
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      `name: ${options.name}`,
      "description: A user's stack on @chatmaid/pulumi",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      `    packagemanager: ${manager}`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: options.name,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": USER_PULUMI_SDK, "@chatmaid/pulumi": `file:${tarball}` },
        devDependencies: { "@types/node": "^20", typescript: "~5.9.3" },
      },
      null,
      2,
    ),
  );
  // What `pulumi new typescript` writes, for the one program file.
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ ...PULUMI_NEW_TSCONFIG, files: ["index.ts"] }, null, 2),
  );
  copyFileSync(path.join(ROOT, options.program), path.join(dir, "index.ts"));
  const toolPath = manager === "npm" ? [] : [await packageManagerBin(manager)];
  const env = { PATH: [...toolPath, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) };
  const install = async (args: readonly string[] = []): Promise<void> => {
    const command =
      manager === "npm"
        ? ["npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args]]
        : manager === "pnpm"
          ? [path.join(toolPath[0]!, "pnpm"), ["install", "--prefer-offline", ...args]]
          : [path.join(toolPath[0]!, "yarn"), ["install", "--prefer-offline", "--non-interactive", ...args]];
    expectSuccess(
      await runCommand(command[0] as string, command[1] as string[], {
        cwd: dir,
        env: { ...cleanEnv(), ...env },
        deadlineMs: INSTALL_DEADLINE_MS,
      }),
      `${manager} install in a fresh project failed`,
    );
  };
  await install();
  return { dir, packageManager: manager, path: toolPath, install };
}

/**
 * A Pulumi YAML project: a Pulumi.yaml (default examples/yaml's) copied in
 * (without the `plugins:` entry when `pluginEntry` is false, for a plugin on
 * PATH) and, for the entry's folder, the packed package installed by npm as
 * the example's comments tell a user to.
 */
export async function createYamlProject(
  parent: string,
  name: string,
  options: { readonly pluginEntry: boolean; readonly program?: string },
): Promise<string> {
  const dir = path.join(parent, name);
  mkdirSync(dir, { recursive: true });
  let program = readFileSync(path.join(ROOT, options.program ?? "examples/yaml/Pulumi.yaml"), "utf8");
  if (!options.pluginEntry) program = program.replace(/^plugins:\n(?: {2}.*\n)+/m, "");
  writeFileSync(path.join(dir, "Pulumi.yaml"), program);
  if (options.pluginEntry) {
    const { tarball } = await packedPackage();
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ private: true, dependencies: { "@chatmaid/pulumi": `file:${tarball}` } }, null, 2),
    );
    expectSuccess(
      await runCommand("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
        cwd: dir,
        deadlineMs: INSTALL_DEADLINE_MS,
      }),
      "npm install of the package into a YAML project failed",
    );
  }
  return dir;
}

/** `npm install -g` of the packed package under `prefix`; returns the folder its commands are in. */
export async function installGlobally(prefix: string): Promise<string> {
  const { tarball } = await packedPackage();
  expectSuccess(
    await runCommand(
      "npm",
      ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", tarball],
      {
        cwd: ROOT,
        deadlineMs: INSTALL_DEADLINE_MS,
      },
    ),
    "npm install -g of the packed package failed",
  );
  return path.join(prefix, "bin");
}
