/**
 * Upgrading the package under an existing stack. A dynamic provider keeps
 * its serialized code in state; ours is a shim that loads
 * `@chatmaid/pulumi/provider` by name from the project's node_modules, so
 * refresh, up and destroy after an upgrade run the installed (newer) code,
 * never the code of the build that wrote the state (pulumi/pulumi#6490, #9085).
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { expectSuccess, runCommand } from "../package/commands";
import { EngineWorkspace, resourceNamed } from "./support/engineWorkspace";
import { createNodeProject, packedPackage, type NodeProject } from "./support/userProject";
import { ENGINE_TIMEOUT_MS } from "./support/scenario";

/**
 * The packed package as the next release: version 0.1.1 in package.json and
 * in the User-Agent it sends, so the emulator's journal shows which build made a request.
 */
async function newerBuild(dir: string, version: string): Promise<string> {
  const { tarball } = await packedPackage();
  const work = path.join(dir, "newer");
  mkdirSync(work, { recursive: true });
  expectSuccess(await runCommand("tar", ["xzf", tarball, "-C", work], { cwd: work, deadlineMs: 60_000 }), "untar");
  const manifestFile = path.join(work, "package", "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { version: string };
  const versionFile = path.join(work, "package", "dist", "core", "client", "version.js");
  const code = readFileSync(versionFile, "utf8");
  const bumped = code.replace(`PACKAGE_VERSION = "${manifest.version}"`, `PACKAGE_VERSION = "${version}"`);
  assert.notEqual(bumped, code, "dist/core/client/version.js holds no PACKAGE_VERSION literal to bump");
  writeFileSync(versionFile, bumped);
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, version }, null, 2));
  const out = path.join(dir, `chatmaid-pulumi-${version}.tgz`);
  expectSuccess(await runCommand("tar", ["czf", out, "-C", work, "package"], { cwd: work, deadlineMs: 60_000 }), "tar");
  return out;
}

describe("engine: a stack written by one build, then refreshed, updated and destroyed by the next", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;
  let project: NodeProject;
  const expectPulumi = (...args: string[]) => ws.expectPulumi(project.dir, args);
  const userAgents = () => [...new Set(emulator.requests.map((r) => r.userAgent?.split(" ")[0]))];

  before(async () => {
    emulator = await startEmulator();
    ws = new EngineWorkspace();
    project = await createNodeProject(ws.root, { name: "upgrade", program: "examples/require-connected/index.ts" });
    await ws.initStack(project.dir, emulator.url);
    await expectPulumi("up", "--yes");
    assert.deepEqual(userAgents(), ["@chatmaid/pulumi/0.1.0"]);

    const newer = await newerBuild(ws.root, "0.1.1");
    const manifestFile = path.join(project.dir, "package.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { dependencies: Record<string, string> };
    manifest.dependencies["@chatmaid/pulumi"] = `file:${newer}`;
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    await project.install();
    const installed = JSON.parse(
      readFileSync(path.join(project.dir, "node_modules", "@chatmaid", "pulumi", "package.json"), "utf8"),
    ) as { version: string };
    assert.equal(installed.version, "0.1.1");
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });
  beforeEach(() => emulator.clearRequests());

  it("refresh reads the numbers with the installed build, not the one that wrote the state", async () => {
    await expectPulumi("refresh", "--yes");
    assert.ok(emulator.requests.length >= 2);
    assert.deepEqual(userAgents(), ["@chatmaid/pulumi/0.1.1"]);
  });

  it("preview after the upgrade shows no change, and up runs the new build", async () => {
    await expectPulumi("preview", "--expect-no-changes");
    emulator.clearRequests();
    await expectPulumi("up", "--yes");
    assert.deepEqual(userAgents(), ["@chatmaid/pulumi/0.1.1"]);
    assert.equal(resourceNamed(await ws.exportStack(project.dir), "sender-0")?.id, "507f1f77bcf86cd799439011");
  });

  it("destroy after the upgrade sends no request", async () => {
    await expectPulumi("destroy", "--yes");
    assert.deepEqual(emulator.requests, []);
  });
});
