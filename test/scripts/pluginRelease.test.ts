/**
 * scripts/pluginRelease.ts (`npm run plugin:release`): one tarball per
 * platform under the name Pulumi downloads, holding a plugin that runs from
 * an empty folder with Node.js alone, and is the same plugin as the repository's.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PACKAGE_VERSION } from "../../provider";
import { EXECUTABLE } from "../../scripts/pluginBundle";
import { PLATFORMS, tarballName, type PluginRelease } from "../../scripts/pluginRelease";
import { PLUGIN_FOLDER } from "../support/chatmaidPlugin";
import { PluginRpcError, secret } from "../support/providerPlugin";
import {
  hostPlatform,
  releasedPlugin,
  startUnpackedPlugin,
  tarballEntries,
  unpackPlugin,
} from "../support/releasedPlugin";

const SCHEMA = readFileSync(path.join(PLUGIN_FOLDER, "schema.json"), "utf8");

describe("scripts/pluginRelease.ts: the plugin's release tarballs", function () {
  this.timeout(120_000);
  let release: PluginRelease;
  let unpacked: string;
  let emulator: RunningEmulator;

  before(async () => {
    release = await releasedPlugin();
    unpacked = await unpackPlugin(release.tarballs[hostPlatform()]);
    emulator = await startEmulator({ rateLimit: 0 });
  });
  after(async () => {
    await emulator?.close();
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it("names one tarball per platform as Pulumi asks a plugin server for it, with their SHA-256 beside them", () => {
    assert.equal(release.version, PACKAGE_VERSION);
    assert.deepEqual(Object.keys(release.tarballs).sort(), [...PLATFORMS].sort());
    const sums = readFileSync(release.checksums, "utf8").trim().split("\n");
    for (const platform of PLATFORMS) {
      const file = release.tarballs[platform];
      assert.equal(path.basename(file), `pulumi-resource-chatmaid-v${PACKAGE_VERSION}-${platform}.tar.gz`);
      assert.equal(tarballName(PACKAGE_VERSION, platform), path.basename(file));
      const hex = createHash("sha256").update(readFileSync(file)).digest("hex");
      assert.ok(sums.includes(`${hex}  ${path.basename(file)}`), `${path.basename(file)} is not in the checksums`);
    }
  });

  it("holds the bundle, an executable and the schema at the top, no node_modules; Windows also gets a .cmd", async () => {
    const common = [
      "LICENSE",
      "THIRD-PARTY-NOTICES.md",
      "package.json",
      EXECUTABLE,
      `${EXECUTABLE}.js`,
      "schema.json",
    ].sort();
    for (const platform of PLATFORMS) {
      const entries = await tarballEntries(release.tarballs[platform]);
      const names = entries.map((e) => e.path).sort();
      const expected = platform.startsWith("windows-") ? [...common, `${EXECUTABLE}.cmd`].sort() : common;
      assert.deepEqual(names, expected, platform);
      assert.ok(!names.some((name) => /(^|\/)node_modules(\/|$)/.test(name)), `${platform} holds node_modules`);
      assert.ok(
        entries.every((e) => e.type === "File"),
        `${platform} holds something other than plain files`,
      );
      assert.equal(entries.find((e) => e.path === EXECUTABLE)!.mode & 0o777, 0o755, `${platform}: not executable`);
    }
  });

  it("bundles the plugin's runtime dependencies, and names each with its license in the notices", () => {
    const names = release.bundledPackages.map((p) => p.replace(/@[^@]+$/, ""));
    for (const needed of ["@grpc/grpc-js", "google-protobuf", "@pulumi/pulumi", "zod", "undici"]) {
      assert.ok(names.includes(needed), `${needed} is not in the bundle`);
    }
    const notices = readFileSync(path.join(unpacked, "THIRD-PARTY-NOTICES.md"), "utf8");
    for (const bundled of release.bundledPackages) assert.ok(notices.includes(`## ${bundled} (`), bundled);
  });

  it("runs from an empty folder with Node.js alone: the port first, its version, the schema, an invoke and a read", async () => {
    const plugin = await startUnpackedPlugin(unpacked);
    try {
      // The harness read the port as the first line, as the engine does; nothing follows it.
      assert.equal(plugin.stdout, "");
      assert.deepEqual(await plugin.getPluginInfo(), { version: release.version });
      assert.equal(await plugin.getSchema(), SCHEMA);
      await plugin.configure({ args: { apiKey: secret("sk_test_emulator"), baseUrl: emulator.url } });
      const got = await plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+15551234567" });
      assert.equal((got.return as { connectionStatus: string }).connectionStatus, "connected");
      const created = await plugin.create({ identifier: "+15551234567", requireConnected: true });
      assert.equal(created.id, "507f1f77bcf86cd799439011");
      // A refused argument comes back as the package's own message: zod, loaded on first use, is in the bundle.
      await assert.rejects(
        plugin.invoke("chatmaid:index:getPhoneNumbers", { connectionStatus: "conected" }),
        (e: unknown) => {
          assert.ok(e instanceof PluginRpcError);
          assert.equal(e.codeName, "INVALID_ARGUMENT");
          assert.match(e.message, /connectionStatus "conected" is not a Chatmaid connection status/);
          return true;
        },
      );
    } finally {
      await plugin.stop();
    }
  });

  it("refuses a Node.js older than 20.18.1, saying which it needs, before printing a port", () => {
    const launcher = path.join(unpacked, EXECUTABLE);
    assert.match(readFileSync(launcher, "utf8"), /^#!\/usr\/bin\/env node\n/);
    // The same Node.js, reporting itself as 20.18.0 to the launcher.
    const preload = path.join(unpacked, "old-node.js");
    writeFileSync(preload, 'Object.defineProperty(process.versions, "node", { value: "20.18.0" });\n');
    const run = spawnSync(process.execPath, ["--require", preload, launcher, "127.0.0.1:1"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    rmSync(preload);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /pulumi-resource-chatmaid needs Node\.js 20\.18\.1 or later/);
  });
});
