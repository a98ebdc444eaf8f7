/**
 * The same program in every language a user can write it in here, under the
 * real engine against the emulator: TypeScript on the Node SDK (dynamic
 * provider), and YAML, Python, Go and Java on the provider plugin (the plugin
 * on PATH from `npm install -g`; Python on the generated SDK's wheel in a
 * virtualenv, Go on the generated SDK's module, Java on the generated SDK's
 * Maven artifact). Each must give the same outputs, the same failure for a
 * disconnected sender (naming it), send the same requests, destroy without
 * requests, and leave neither key anywhere.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace } from "./support/engineWorkspace";
import { createGoProject, createJavaProject, createPythonProject } from "./support/otherLanguages";
import { createNodeProject, createYamlProject, installGlobally } from "./support/userProject";
import { assertNoSecrets, ENGINE_TIMEOUT_MS } from "./support/scenario";

interface Language {
  readonly name: string;
  /** Creates the project; returns its folder, folders to put first on PATH, and environment its commands need. */
  create(ws: EngineWorkspace): Promise<{ dir: string; path?: string[]; env?: NodeJS.ProcessEnv }>;
}

const LANGUAGES: readonly Language[] = [
  {
    name: "TypeScript (Node SDK)",
    create: async (ws) => ({
      dir: (await createNodeProject(ws.root, { name: "typescript", program: "test/engine/fixtures/likeYaml.ts" })).dir,
    }),
  },
  { name: "YAML", create: async (ws) => ({ dir: await createYamlProject(ws.root, "yaml", { pluginEntry: false }) }) },
  {
    name: "Python",
    create: async (ws) => {
      const { dir, venvBin } = await createPythonProject(ws.root, "python");
      return { dir, path: [venvBin] };
    },
  },
  {
    name: "Go",
    // The Go host builds the program with the go command, with this machine's Go caches: the workspace's
    // XDG_CACHE_HOME is a temp folder, where Go would compile Pulumi's SDK from scratch (minutes).
    create: async (ws) => ({ dir: await createGoProject(ws.root, "go"), path: [goBin()], env: goCaches() }),
  },
  // The Java host runs `mvn compile exec:java`, with the local Maven repository that holds the SDK.
  { name: "Java", create: (ws) => createJavaProject(ws.root, "java") },
];

/** The Go build and module caches of this machine, as `go env` names them outside the workspace. */
function goCaches(): NodeJS.ProcessEnv {
  const [cache, modules] = spawnSync("go", ["env", "GOCACHE", "GOMODCACHE"], { encoding: "utf8" })
    .stdout.trim()
    .split("\n");
  return { GOCACHE: cache, GOMODCACHE: modules };
}

/** The folder of the go command. */
function goBin(): string {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
  return path.join(goroot, "bin");
}

const EXPECTED_OUTPUTS = {
  environment: "test",
  connectedIds: ["507f1f77bcf86cd799439011", "65c1a2b3c4d5e6f708192a3e"],
  senderId: "507f1f77bcf86cd799439011",
  senderStatus: "connected",
  backupSenderId: "66a0f0e1d2c3b4a596877869",
  secondAccountIds: ["66a0f0e1d2c3b4a596877869", "66a0f0e1d2c3b4a59687786a"],
};

/** Requests by key and kind, e.g. `sk_test_emulator list` → 1. */
function requestCounts(emulator: RunningEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of emulator.requests) {
    const kind = r.path.endsWith("/status") ? "status" : /\/phone-numbers\/?$/.test(r.path) ? "list" : "get";
    const key = `${r.keyLabel} ${kind}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe("engine: the same program in TypeScript, YAML, Python, Go and Java", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;
  const upRequests = new Map<string, Record<string, number>>();

  before(async () => {
    emulator = await startEmulator();
    ws = new EngineWorkspace();
    ws.extraEnv.CHATMAID_BASE_URL = emulator.url;
    ws.extraEnv.GOTOOLCHAIN = "local";
    ws.extraPath.push(await installGlobally(path.join(ws.root, "global")));
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });

  for (const language of LANGUAGES) {
    it(`${language.name}: up gives the outputs; a disconnected sender fails preview naming it; destroy sends nothing`, async () => {
      const { dir, path: extraPath = [], env: languageEnv = {} } = await language.create(ws);
      const env = {
        ...languageEnv,
        ...(extraPath.length ? { PATH: [...extraPath, ws.env().PATH].join(path.delimiter) } : {}),
      };
      const pulumi = (...args: string[]) => ws.expectPulumi(dir, args, { env });
      // The disconnected sender below fails after one second instead of the example's default half minute.
      await ws.initStack(
        dir,
        emulator.url,
        {
          config: { senderNumber: "+15551234567", backupSenderNumber: "+15557654321", waitSeconds: "1" },
          secrets: { secondAccountApiKey: "sk_live_emulator" },
        },
        { env },
      );

      // With the default machine store, as a user runs it: the Node SDK's program and its provider plugin
      // are two processes that share their reads through it, as the plugin shares them within its one process.
      emulator.clearRequests();
      // A store of this language's own, so that no language reuses another's reads.
      const store = path.join(ws.root, `store-${language.name.replace(/\W+/g, "-")}`);
      mkdirSync(store, { mode: 0o700 });
      const storeEnv = { CHATMAID_SHARED_STORE: "machine", XDG_RUNTIME_DIR: store };
      await ws.expectPulumi(dir, ["up", "--yes", "--skip-preview"], { env: { ...env, ...storeEnv } });
      upRequests.set(language.name, requestCounts(emulator));
      // Shown in plain text: the Node SDK's second-account read is secret (its key is an argument), the plugin's is not.
      const outputs = await ws.expectPulumi(dir, ["stack", "output", "--json", "--show-secrets"], { env });
      assert.deepEqual(JSON.parse(outputs.stdout), EXPECTED_OUTPUTS);

      emulator.setStatus("+15551234567", "disconnected");
      const preview = await ws.pulumi(dir, ["preview"], { env });
      emulator.setStatus("+15551234567", "connected");
      assert.notEqual(preview.code, 0, preview.stdout);
      assert.match(preview.stdout + preview.stderr, /\+15551234567 "Primary Sender".*disconnected/);
      assert.match(preview.stdout + preview.stderr, /Reconnect/);

      emulator.clearRequests();
      await pulumi("destroy", "--yes", "--skip-preview");
      assert.deepEqual(emulator.requests, []);
    });
  }

  it("every language sent the same requests on up, per key and kind", () => {
    const [first, ...rest] = [...upRequests.entries()];
    assert.ok(first && rest.length === LANGUAGES.length - 1, `ran ${upRequests.size} of ${LANGUAGES.length} languages`);
    for (const [name, counts] of rest) assert.deepEqual(counts, first[1], `${name} differs from ${first[0]}`);
  });

  it("leaves neither key in a file of the backend or PULUMI_HOME, nor in any output", () => {
    assertNoSecrets(ws, ["sk_test_emulator", "sk_live_emulator"]);
  });
});
