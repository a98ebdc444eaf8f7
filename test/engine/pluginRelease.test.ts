/**
 * The released plugin (`npm run plugin:release`) reaching a user the two ways
 * Pulumi fetches plugins, from a download server on loopback: `pulumi plugin
 * install resource chatmaid <version> --server <url>`, and automatic
 * acquisition on `pulumi preview` for a program whose package declaration
 * (generated from the schema) carries the schema's `pluginDownloadURL`.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EXECUTABLE } from "../../scripts/pluginBundle";
import { tarballName, type PluginRelease } from "../../scripts/pluginRelease";
import { PLUGIN_FOLDER } from "../support/chatmaidPlugin";
import { hostPlatform, releasedPlugin, tarballEntries } from "../support/releasedPlugin";
import { EngineWorkspace, resourceNamed, stackOutputsOf } from "./support/engineWorkspace";
import { servePluginFolder, type PluginServer } from "./support/pluginServer";
import { assertNoSecrets, ENGINE_TIMEOUT_MS } from "./support/scenario";
import { createYamlProject } from "./support/userProject";

const KEYS = ["sk_test_emulator", "sk_live_emulator"];

/** Automatic plugin acquisition on, for one run (the workspace turns it off for every other). */
const ACQUISITION_ON = { env: { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" } };

describe("engine: the released plugin, from a download server on loopback", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let release: PluginRelease;
  let server: PluginServer;
  let asset: string;

  before(async () => {
    emulator = await startEmulator();
    release = await releasedPlugin();
    server = await servePluginFolder(release.dir);
    asset = `/${tarballName(release.version, hostPlatform())}`;
  });
  after(async () => {
    await server?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.clearRequests();
    server.requests.length = 0;
  });

  /** A workspace whose stacks read the emulator, with the plugin's folder in its PULUMI_HOME. */
  function workspace(): { ws: EngineWorkspace; pluginDir: string } {
    const ws = new EngineWorkspace();
    // The second account's explicit provider sets only its key: its base URL comes from the plugin's environment.
    ws.extraEnv.CHATMAID_BASE_URL = emulator.url;
    return { ws, pluginDir: path.join(ws.home, "plugins", `resource-chatmaid-v${release.version}`) };
  }

  async function initStack(ws: EngineWorkspace, dir: string): Promise<void> {
    await ws.initStack(dir, emulator.url, { secrets: { secondAccountApiKey: "sk_live_emulator" } });
  }

  describe("pulumi plugin install resource chatmaid <version> --server", () => {
    let ws: EngineWorkspace;
    let pluginDir: string;
    let dir: string;
    before(() => ({ ws, pluginDir } = workspace()));
    after(() => ws?.dispose());

    it("downloads this platform's tarball and unpacks it into PULUMI_HOME/plugins, executable and all", async () => {
      const install = await ws.expectPulumi(ws.root, [
        "plugin",
        "install",
        "resource",
        "chatmaid",
        release.version,
        "--server",
        server.url,
      ]);
      assert.deepEqual(server.requests, [{ path: asset, status: 200 }], install.stdout + install.stderr);
      const entries = await tarballEntries(release.tarballs[hostPlatform()]);
      assert.deepEqual(readdirSync(pluginDir).sort(), entries.map((e) => e.path).sort());
      assert.ok(!readdirSync(pluginDir).includes("node_modules"));
      assert.equal(statSync(path.join(pluginDir, EXECUTABLE)).mode & 0o111, 0o111, "the executable lost its mode");
    });

    it("a YAML program without a plugins entry, with no plugin on PATH, runs `up` on it: invokes and a required-connected PhoneNumber", async () => {
      const onPath = ws
        .env()
        .PATH!.split(path.delimiter)
        .filter((d) => existsSync(path.join(d, EXECUTABLE)));
      assert.deepEqual(onPath, [], "a pulumi-resource-chatmaid on PATH would be used instead of the installed one");
      dir = await createYamlProject(ws.root, "yaml-installed", { pluginEntry: false });
      assert.doesNotMatch(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), /^plugins:/m);
      await initStack(ws, dir);
      const up = await ws.expectPulumi(dir, ["up", "--yes"]);
      assert.doesNotMatch(up.stdout + up.stderr, /from \$PATH/);
      // The engine marks a plugin of PULUMI_HOME each time it loads it.
      assert.ok(existsSync(`${pluginDir}.lastused`), "the engine did not load the installed plugin");
      const state = await ws.exportStack(dir);
      const outputs = stackOutputsOf(state);
      assert.equal(outputs.environment, "test");
      assert.deepEqual(outputs.connectedIds, ["507f1f77bcf86cd799439011", "65c1a2b3c4d5e6f708192a3e"]);
      assert.equal(outputs.senderId, "507f1f77bcf86cd799439011");
      assert.equal(outputs.senderStatus, "connected");
      assert.equal(outputs.backupSenderId, "66a0f0e1d2c3b4a596877869");
      assert.equal(resourceNamed(state, "sender")?.type, "chatmaid:index:PhoneNumber");
      assert.ok(
        emulator.requests.some((r) => r.path.endsWith("/status")),
        "requireConnected sent no status read",
      );
      assert.deepEqual(server.requests, [], "the installed plugin was downloaded again");
    });

    it("leaves neither key in a file of the backend or PULUMI_HOME, nor in any output", () => {
      assertNoSecrets(ws, KEYS);
    });
  });

  describe("automatic acquisition from the schema's pluginDownloadURL", () => {
    let ws: EngineWorkspace;
    let pluginDir: string;
    let dir: string;
    before(async () => {
      ({ ws, pluginDir } = workspace());
      dir = await createYamlProject(ws.root, "yaml-acquired", { pluginEntry: false });
      // The schema as it would be published by a server of one's own: pluginDownloadURL points at it.
      const schema = JSON.parse(readFileSync(path.join(PLUGIN_FOLDER, "schema.json"), "utf8")) as Record<
        string,
        unknown
      >;
      const schemaFile = path.join(ws.root, "schema.json");
      writeFileSync(schemaFile, JSON.stringify({ ...schema, pluginDownloadURL: server.url }, null, 2));
      // Pulumi YAML's package declaration, written from the schema by its language host, as `pulumi package add` does.
      mkdirSync(path.join(dir, "sdks"));
      await ws.expectPulumi(dir, ["package", "gen-sdk", schemaFile, "--language", "yaml", "--out", "sdks"]);
      await initStack(ws, dir);
    });
    after(() => ws?.dispose());

    it("declares the package with the schema's version and download URL", () => {
      const declaration = readFileSync(path.join(dir, "sdks", "yaml", `chatmaid-${release.version}.yaml`), "utf8");
      assert.match(declaration, /^packageDeclarationVersion: 1$/m);
      assert.match(declaration, /^name: chatmaid$/m);
      assert.match(declaration, new RegExp(`^version: ${release.version.replace(/\./g, "\\.")}$`, "m"));
      assert.match(declaration, new RegExp(`^downloadUrl: ${server.url.replace(/\./g, "\\.")}$`, "m"));
    });

    it("without acquisition, preview fails for want of the plugin, and nothing is downloaded", async () => {
      const preview = await ws.pulumi(dir, ["preview"]);
      assert.notEqual(preview.code, 0, preview.stdout);
      // The engine looked for the declared version from the declared server, and was not allowed to fetch it.
      assert.ok(
        (preview.stdout + preview.stderr).includes(
          `no resource plugin 'pulumi-resource-chatmaid' found in the workspace at version v${release.version} ` +
            `or on your $PATH from ${server.url}`,
        ),
        preview.stdout + preview.stderr,
      );
      assert.deepEqual(server.requests, []);
      assert.ok(!existsSync(pluginDir));
    });

    it("with acquisition on, preview downloads the plugin into PULUMI_HOME/plugins and passes, reading the emulator", async () => {
      const preview = await ws.expectPulumi(dir, ["preview"], ACQUISITION_ON);
      const output = preview.stdout + preview.stderr;
      assert.match(output, new RegExp(`Downloading plugin chatmaid-${release.version.replace(/\./g, "\\.")}`));
      assert.deepEqual(server.requests, [{ path: asset, status: 200 }]);
      assert.ok(existsSync(path.join(pluginDir, EXECUTABLE)), "the plugin is not in PULUMI_HOME/plugins");
      assert.match(output, /senderId\s*:\s*"507f1f77bcf86cd799439011"/);
      assert.match(output, /senderStatus\s*:\s*"connected"/);
      assert.ok(
        emulator.requests.some((r) => r.path.endsWith("/status")),
        "requireConnected sent no status read",
      );
    });

    it("leaves neither key in a file of the backend or PULUMI_HOME, nor in any output", () => {
      assertNoSecrets(ws, KEYS);
    });
  });
});
