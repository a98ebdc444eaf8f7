/**
 * The package as a user gets it: `npm pack`, then `npm install` of the
 * tarball into a fresh Pulumi TypeScript project that pins its own
 * `@pulumi/pulumi` (3.141.0, the floor of the declared range, not the 3.248.0
 * this repository locks), with the
 * dev dependencies such a project has. Then: what the tarball holds, one copy
 * of the SDK, examples/stack-test passing there under mocha, and the imports
 * type-checking with the tsconfig `pulumi new typescript` writes and under
 * each module resolution.
 *
 * It packs `dist/` as it is: `npm test` builds first. npm needs the registry
 * for whatever its cache lacks; when it cannot reach it, the install fails
 * and so does this suite, with npm's own words. Nothing is skipped.
 */
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { secret, startProviderPlugin } from "../support/providerPlugin";
import { type CommandResult, describeResult, expectSuccess, runCommand } from "./commands";
import {
  createProject,
  entryFiles,
  INSTALL_DEADLINE_MS,
  manifest,
  packInto,
  ROOT,
  PROJECT_PULUMI,
  NEXT_TYPESCRIPT,
  pulumiCopies,
  PULUMI_FOR_TYPESCRIPT_6,
  type Packed,
} from "./freshProject";

/** Module settings per resolution mode; each compiles `subpaths.ts` on its own. */
const RESOLUTIONS: Record<string, Record<string, string>> = {
  node: { module: "commonjs", moduleResolution: "node" },
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
};

/** The compilers users may have: the oldest 5.x the package supports, this repository's, and the newest major. */
const COMPILERS = ["5.0", "5.9", "6"] as const;
type Compiler = (typeof COMPILERS)[number];

/** Where each compiler lives: 5.0 under an alias in the TypeScript 5 project, 6 in its own project. */
const TSC_PACKAGE: Record<Compiler, string> = { "5.0": "typescript-5.0", "5.9": "typescript", "6": "typescript" };

/** Every entry point a user can import, each used, so the compiler must resolve its types. */
const SUBPATHS_SOURCE = `import { PhoneNumber, getPhoneNumbersOutput } from "@chatmaid/pulumi";
import { resetChatmaidState, setStackMocks, stackOutputs, type StackMocks } from "@chatmaid/pulumi/testing";
import { startEmulator, type RunningEmulator } from "@chatmaid/pulumi/emulator";
import { parsePhoneIdentifier, resetSharedState } from "@chatmaid/pulumi/provider";

export const entryPoints = [PhoneNumber, getPhoneNumbersOutput, resetChatmaidState, setStackMocks, stackOutputs];
export const more = [startEmulator, parsePhoneIdentifier, resetSharedState];
export type Types = [StackMocks, RunningEmulator];
`;

const CHECK_DEADLINE_MS = 150_000;

/** Runs `node <script> args...` in `cwd`, with the check deadline. */
function node(cwd: string, script: string, args: string[]): Promise<CommandResult> {
  return runCommand(process.execPath, [script, ...args], { cwd, deadlineMs: CHECK_DEADLINE_MS });
}

describe("the packed package in a fresh Pulumi TypeScript project", function () {
  this.timeout(CHECK_DEADLINE_MS + 10_000);
  let work: string | undefined;
  let project: string;
  /** The same project on TypeScript 6, with the first @pulumi/pulumi that admits it. */
  let project6: string;
  let packed: Packed;
  // The checks are independent and take seconds each, so they run at once; each test awaits its own.
  let checks: Record<string, Promise<CommandResult>> = {};

  before(async function () {
    this.timeout(INSTALL_DEADLINE_MS + 90_000);
    work = mkdtempSync(path.join(tmpdir(), "chatmaid-tarball-"));
    packed = await packInto(work);
    project = path.join(work, "project");
    project6 = path.join(work, "project-ts6");
    await Promise.all([
      createProject(project, packed.tarball, { devDependencies: { "typescript-5.0": "npm:typescript@5.0" } }),
      createProject(project6, packed.tarball, { typescript: NEXT_TYPESCRIPT, pulumi: PULUMI_FOR_TYPESCRIPT_6 }),
    ]);
    const projectOf = (compiler: Compiler): string => (compiler === "6" ? project6 : project);
    const tscOf = (compiler: Compiler): string =>
      path.join(projectOf(compiler), "node_modules", TSC_PACKAGE[compiler], "bin", "tsc");
    const mocha = (dir: string): Promise<CommandResult> =>
      node(dir, path.join("node_modules", "mocha", "bin", "mocha.js"), ["-r", "ts-node/register", "index.test.ts"]);
    checks = {
      mocha: mocha(project),
      mocha6: mocha(project6),
      example: node(project, tscOf("5.9"), ["-p", "tsconfig.json", "--noEmit", "--pretty", "false"]),
      example6: node(project6, tscOf("6"), ["-p", "tsconfig.json", "--noEmit", "--pretty", "false"]),
      pulumiNew: node(project, tscOf("5.9"), ["-p", "tsconfig.pulumi-new.json", "--noEmit", "--pretty", "false"]),
    };
    for (const compiler of COMPILERS) {
      for (const [mode, settings] of Object.entries(RESOLUTIONS)) {
        const dir = path.join(projectOf(compiler), `types-${compiler}-${mode}`);
        mkdirSync(dir);
        writeFileSync(path.join(dir, "subpaths.ts"), SUBPATHS_SOURCE);
        // The package's declarations are checked too (no skipLibCheck); TypeScript 6 asks to acknowledge that
        // `node` (node10) resolution is deprecated, as a user on it must.
        const deprecated = compiler === "6" && mode === "node" ? { ignoreDeprecations: "6.0" } : {};
        const compilerOptions = {
          ...settings,
          ...deprecated,
          strict: true,
          noEmit: true,
          target: "es2020",
          types: ["node"],
        };
        writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["subpaths.ts"] }));
        checks[`${compiler}-${mode}`] = node(dir, tscOf(compiler), ["-p", "tsconfig.json", "--pretty", "false"]);
      }
    }
  });

  after(async () => {
    await Promise.allSettled(Object.values(checks));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("packs LICENSE, README.md, package.json, dist/, bin/ and the plugin folder, and no tests or TypeScript sources", () => {
    const paths = packed.files;
    for (const required of ["LICENSE", "README.md", "package.json"]) assert.ok(paths.includes(required), required);
    assert.ok(
      paths.some((p) => p.startsWith("dist/")),
      "dist/ is packed",
    );
    assert.ok(
      paths.some((p) => p.startsWith("bin/")),
      "bin/ is packed",
    );
    // The emulator's own reference, which README.md links to: the emulator ships in the package.
    const top = ["LICENSE", "README.md", "package.json", "emulator/README.md"];
    // The provider plugin's folder: the executable the engine runs, how it runs the folder through the
    // Node language host where it cannot run the executable, and its schema.
    const pluginFolder = [
      "provider/cmd/pulumi-resource-chatmaid/pulumi-resource-chatmaid",
      "provider/cmd/pulumi-resource-chatmaid/PulumiPlugin.yaml",
      "provider/cmd/pulumi-resource-chatmaid/package.json",
      "provider/cmd/pulumi-resource-chatmaid/schema.json",
    ];
    for (const required of pluginFolder) assert.ok(paths.includes(required), required);
    assert.deepEqual(
      paths.filter((p) => !top.includes(p) && !pluginFolder.includes(p) && !/^(dist|bin)\//.test(p)),
      [],
      "files outside dist/, bin/ and the plugin's folder",
    );
    assert.deepEqual(
      paths.filter((p) => /(^|\/)test\//.test(p) || /\.test\.[jt]s$/.test(p)),
      [],
      "test files",
    );
    assert.deepEqual(
      paths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts")),
      [],
      "TypeScript sources",
    );
  });

  it("packs only what users need: no dist/demo (it needs ts-node and the repository's examples), no build info", () => {
    assert.deepEqual(
      packed.files.filter((p) => p.startsWith("dist/demo/")),
      [],
    );
    assert.deepEqual(
      packed.files.filter((p) => p.startsWith("dist/") && !/\.(js|d\.ts|js\.map)$/.test(p)),
      [],
      "dist/ holds only JavaScript, declarations and source maps",
    );
    assert.deepEqual(
      packed.files.filter((p) => p.startsWith("bin/") && !p.endsWith(".js")),
      [],
    );
  });

  it("runs no script at install: no preinstall, install, postinstall or prepare (the build runs on prepack)", () => {
    const installed = path.join(project, "node_modules", ...manifest.name.split("/"));
    const { scripts = {} } = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    const lifecycle = ["preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare"];
    assert.deepEqual(
      Object.keys(scripts).filter((name) => lifecycle.includes(name)),
      [],
    );
    assert.equal(scripts.prepack, "npm run build", "npm pack and npm publish build first");
  });

  it("ships source maps that resolve: each carries the sources it names", () => {
    const installed = path.join(project, "node_modules", ...manifest.name.split("/"));
    const maps = packed.files.filter((p) => p.endsWith(".map"));
    assert.ok(maps.length > 0);
    const broken = maps.filter((p) => {
      const map = JSON.parse(readFileSync(path.join(installed, p), "utf8")) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      const inline = map.sourcesContent?.length === map.sources.length && map.sourcesContent.every((c) => !!c);
      const packedSources = map.sources.every((s) => packed.files.includes(path.posix.join(path.posix.dirname(p), s)));
      return !inline && !packedSources;
    });
    assert.deepEqual(broken, [], "maps whose sources are neither inline nor in the package");
  });

  it("links, in every packed README, only to what exists: headings, packed files, and this repository's files", () => {
    const repository = "https://github.com/chatmaid/pulumi-chatmaid/blob/main/";
    const readmes = packed.files.filter((p) => /(^|\/)README\.md$/.test(p));
    assert.deepEqual(readmes.sort(), ["README.md", "emulator/README.md"]);
    const problems: string[] = [];
    for (const readme of readmes) {
      const text = readFileSync(path.join(ROOT, readme), "utf8");
      const anchors = new Set(
        [...text.matchAll(/^#+ (.+)$/gm)].map((m) =>
          m[1]!
            .trim()
            .toLowerCase()
            .replace(/[^\w\- ]/g, "")
            .replace(/ /g, "-"),
        ),
      );
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = target!;
        if (link.startsWith("#")) {
          if (!anchors.has(link.slice(1))) problems.push(`${readme}: ${link} names no heading`);
        } else if (link.startsWith(repository)) {
          if (!existsSync(path.join(ROOT, link.slice(repository.length))))
            problems.push(`${readme}: ${link} is not in the repository`);
        } else if (!/^https?:\/\//.test(link)) {
          // A relative link works on the registry page and in node_modules only if the file is packed.
          const file = path.posix.join(path.posix.dirname(readme), link.split("#")[0]!);
          if (!packed.files.includes(file)) problems.push(`${readme}: ${link} is not in the package`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it("packs every file package.json points at (main, types, exports, bin)", () => {
    const paths = new Set(packed.files);
    assert.deepEqual(
      entryFiles().filter((f) => !paths.has(f)),
      [],
    );
  });

  it("installs the tarball itself, next to exactly one @pulumi/pulumi: the project's", () => {
    const installed = path.join(project, "node_modules", ...manifest.name.split("/"));
    assert.ok(!lstatSync(installed).isSymbolicLink(), `${installed} is a link, not the tarball's contents`);
    const { version } = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string };
    assert.equal(version, manifest.version);
    assert.deepEqual(pulumiCopies(project), [`${path.join("node_modules", "@pulumi", "pulumi")}@${PROJECT_PULUMI}`]);
  });

  for (const [check, typescript] of [
    ["mocha", "5.9"],
    ["mocha6", "6"],
  ] as const) {
    it(`passes examples/stack-test as a user copies it under mocha on TypeScript ${typescript}, and exits by itself`, async () => {
      const result = expectSuccess(
        await checks[check]!,
        `The stack test failed in the fresh project (TypeScript ${typescript})`,
      );
      assert.match(result.stdout, /\b3 passing\b/, describeResult(result, "mocha ran other than 3 tests"));
      assert.doesNotMatch(result.stdout, /failing|pending/, describeResult(result, "mocha reported failures"));
      assert.doesNotMatch(
        result.stdout + result.stderr,
        /promises were still active/,
        "the SDK reported leaked promises",
      );
    });
  }

  for (const [check, typescript] of [
    ["example", "5.9"],
    ["example6", "6"],
  ] as const) {
    it(`type-checks examples/stack-test with its own tsconfig.json on TypeScript ${typescript}`, async () => {
      expectSuccess(await checks[check]!, `tsc ${typescript} failed with examples/stack-test/tsconfig.json`);
    });
  }

  it("type-checks examples/stack-test with the tsconfig.json of `pulumi new typescript` (TypeScript 5.9)", async () => {
    expectSuccess(
      await checks.pulumiNew!,
      "tsc failed with the pulumi-new tsconfig (strict; skipLibCheck and esModuleInterop off)",
    );
  });

  for (const compiler of COMPILERS) {
    for (const mode of Object.keys(RESOLUTIONS)) {
      it(`type-checks every entry point and the package's declarations on TypeScript ${compiler} with moduleResolution "${mode}"`, async () => {
        const result = await checks[`${compiler}-${mode}`]!;
        const why = `tsc ${compiler} could not type-check the entry points with moduleResolution "${mode}"`;
        if (result.timedOut || result.code === 0) return void expectSuccess(result, why);
        // Other packages' declarations may not suit every compiler (TypeScript 5.0 with bundler resolution
        // rejects @grpc/grpc-js's, reached through @pulumi/pulumi): only errors in this package's files or the
        // user's own fail the check.
        const errors = result.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
        assert.ok(errors.length > 0, describeResult(result, why));
        const ours = errors.filter((line) => !line.startsWith("../node_modules/") || line.includes("@chatmaid/pulumi"));
        assert.deepEqual(ours, [], describeResult(result, why));
      });
    }
  }

  // The provider plugin as installed, started as the engine starts it: the bin npm linked, and the
  // plugin folder through the project's own @pulumi/pulumi (3.141.0) run-plugin, as the language host does.
  for (const form of ["bin", "folder"] as const) {
    it(`runs the installed provider plugin (${form}) over the engine's protocol against the emulator`, async () => {
      const installed = path.join(project, "node_modules", ...manifest.name.split("/"));
      const command =
        form === "bin"
          ? [path.join(project, "node_modules", ".bin", "pulumi-resource-chatmaid")]
          : [
              process.execPath,
              path.join(project, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin", "index.js"),
              path.join(installed, "provider", "cmd", "pulumi-resource-chatmaid"),
            ];
      const emulator = await startEmulator();
      const plugin = await startProviderPlugin({
        command,
        packageName: "chatmaid",
        resourceType: "chatmaid:index:PhoneNumber",
        cwd: project,
        inheritEnv: (name) => !/^(CHATMAID_|PULUMI_)/.test(name),
      });
      try {
        assert.deepEqual(await plugin.getPluginInfo(), { version: manifest.version });
        assert.equal(JSON.parse(await plugin.getSchema()).name, "chatmaid");
        await plugin.configure({ args: { apiKey: secret("sk_test_emulator"), baseUrl: emulator.url } });
        const found = await plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+15551234567" });
        assert.equal(found.return.id, "507f1f77bcf86cd799439011");
        const created = await plugin.create({ identifier: "+15551234567", requireConnected: true });
        assert.equal(created.id, "507f1f77bcf86cd799439011");
        assert.equal(plugin.stdout, "");
      } finally {
        await plugin.stop();
        await emulator.close();
      }
    });
  }
});
