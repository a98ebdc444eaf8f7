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
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  PROJECT_PULUMI,
  pulumiCopies,
  type Packed,
} from "./freshProject";

/** Module settings per resolution mode; each compiles `subpaths.ts` on its own. */
const RESOLUTIONS: Record<string, Record<string, string>> = {
  node: { module: "commonjs", moduleResolution: "node" },
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
};

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
  let packed: Packed;
  // The checks are independent and take seconds each, so they run at once; each test awaits its own.
  let checks: Record<string, Promise<CommandResult>> = {};

  before(async function () {
    this.timeout(INSTALL_DEADLINE_MS + 90_000);
    work = mkdtempSync(path.join(tmpdir(), "chatmaid-tarball-"));
    packed = await packInto(work);
    project = path.join(work, "project");
    await createProject(project, packed.tarball);

    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    checks = {
      mocha: node(project, path.join("node_modules", "mocha", "bin", "mocha.js"), [
        "-r",
        "ts-node/register",
        "index.test.ts",
      ]),
      pulumiNew: node(project, tsc, ["-p", "tsconfig.json", "--noEmit", "--pretty", "false"]),
    };
    for (const [mode, settings] of Object.entries(RESOLUTIONS)) {
      const dir = path.join(project, `types-${mode}`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, "subpaths.ts"), SUBPATHS_SOURCE);
      // Resolution only: checking the libraries' own declarations is the pulumi-new check's concern.
      const compilerOptions = { ...settings, strict: true, noEmit: true, skipLibCheck: true, target: "es2020" };
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["subpaths.ts"] }));
      checks[mode] = node(dir, tsc, ["-p", "tsconfig.json", "--pretty", "false"]);
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
    const top = ["LICENSE", "README.md", "package.json"];
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

  it("passes examples/stack-test under mocha against the package's emulator, and exits by itself", async () => {
    const result = expectSuccess(await checks.mocha!, "The stack test failed in the fresh project");
    assert.match(result.stdout, /\b3 passing\b/, describeResult(result, "mocha ran other than 3 tests"));
    assert.doesNotMatch(result.stdout, /failing|pending/, describeResult(result, "mocha reported failures"));
    assert.doesNotMatch(
      result.stdout + result.stderr,
      /promises were still active/,
      "the SDK reported leaked promises",
    );
  });

  it("type-checks examples/stack-test with the tsconfig.json of `pulumi new typescript`", async () => {
    expectSuccess(
      await checks.pulumiNew!,
      "tsc failed with the pulumi-new tsconfig (strict; skipLibCheck and esModuleInterop off)",
    );
  });

  for (const mode of Object.keys(RESOLUTIONS)) {
    it(`resolves the types of every entry point with moduleResolution "${mode}"`, async () => {
      expectSuccess(await checks[mode]!, `tsc could not type-check the entry points with moduleResolution "${mode}"`);
    });
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
