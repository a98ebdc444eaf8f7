import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator";

const ROOT = path.join(__dirname, "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const BIN = path.join(ROOT, "node_modules", ".bin");

/** Every line of every ```sh block: the commands the README tells people to run. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split("\n"))
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

// Commands that need something this machine cannot have (a published package,
// the Pulumi CLI): listed so that a new one cannot slip in unnoticed.
const NOT_RUNNABLE_HERE = new Set([
  "npm install @chatmaid/pulumi",
  "pulumi config set --secret chatmaid:apiKey sk_live_...",
  // test/engine/pluginRelease.test.ts runs it against a download server on loopback.
  "pulumi plugin install resource chatmaid 0.1.0 --server github://api.github.com/chatmaid/pulumi-chatmaid",
  // Runs the whole suite on a CLI of the reader's own; test/scripts checks the script's PULUMI_TOOLCHAIN_DIR path.
  'PULUMI_TOOLCHAIN_DIR="$(dirname "$(command -v pulumi)")" npm test',
]);

/**
 * Runs one README command in bash. Asynchronous on purpose: the emulator these
 * commands talk to runs in this process, and a blocking spawn would starve it.
 */
function run(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], {
      cwd: ROOT,
      env: { ...process.env, ...env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe("README commands", () => {
  const commands = shellCommands(README);
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  it("shows the quickstart commands, which CI and the start test run", () => {
    assert.deepEqual(commands.slice(0, 3), ["npm ci", "npm start", "npm test"]);
    const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    assert.match(ci, /^npm ci\b/m);
    assert.match(ci, /^npm test$/m);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    // test/demo/start.test.ts runs exactly this script; on a fresh clone nothing is built yet, so it builds first.
    assert.equal(pkg.scripts.start, "node dist/demo/start.js");
    assert.equal(pkg.scripts.prestart, "npm run build");
    assert.match(pkg.scripts.test, /^npm run build && /);
    // Nothing runs at install (users must approve install scripts): the build runs when packing.
    assert.equal(pkg.scripts.prepare, undefined);
    assert.equal(pkg.scripts.prepack, "npm run build");
  });

  it("runs every chatmaid-numbers command it shows, against the emulator", async () => {
    const cli = commands.filter((c) => c.startsWith("chatmaid-numbers "));
    assert.ok(cli.length >= 4);
    for (const command of cli) {
      const result = await run(command, {
        CHATMAID_API_KEY: "sk_test_emulator",
        CHATMAID_BASE_URL: emulator.url,
        CHATMAID_CLI_POLL_MS: "50",
        NO_COLOR: "1",
      });
      assert.equal(result.status, 0, `${command}\n${result.stdout}${result.stderr}`);
    }
  });

  it("runs the curl command it shows, with the emulator's port", async () => {
    const curl = commands.filter((c) => c.startsWith("curl "));
    assert.equal(curl.length, 1);
    const result = await run(
      `${curl[0]!.replace("http://127.0.0.1:4010", emulator.url)} -s -o /dev/null -w '%{http_code}'`,
      {},
    );
    assert.equal(result.stdout, "200", result.stderr);
    assert.equal(
      emulator.getNumbers("test").find((n) => n.phoneNumber === "+15551234567")!.connectionStatus,
      "disconnected",
    );
  });

  it("runs the emulator bin as shown and reads its URL line", async () => {
    const command = commands.find((c) => c.startsWith("npx chatmaid-emulator"));
    assert.equal(command, "npx chatmaid-emulator --port 0");
    // Its own process group, interrupted as a whole the way Ctrl-C does: npx
    // does not forward a signal sent to it alone.
    const child = spawn("bash", ["-c", `exec ${command}`], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on("exit", () => reject(new Error(`exited early: ${out}`)));
      });
      const response = await fetch(`${url}/v1/phone-numbers`, {
        headers: { authorization: "Bearer sk_test_emulator" },
      });
      assert.equal(response.status, 200);
      process.kill(-child.pid!, "SIGINT");
      await exited;
      await assert.rejects(fetch(`${url}/v1/phone-numbers`), "the emulator stopped with its process group");
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });

  it("runs npm run plugin:release as shown: this platform's tarball lands in dist-release/", async () => {
    const command = commands.find((c) => c.startsWith("npm run plugin:release"));
    assert.equal(command, "npm run plugin:release");
    const result = await run(command, {});
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const tarball = `dist-release/pulumi-resource-chatmaid-v${version}-linux-amd64.tar.gz`;
    assert.ok(result.stdout.includes(tarball), result.stdout);
    assert.ok(existsSync(path.join(ROOT, tarball)));
  });

  it("runs nothing else, except what needs a published package or the Pulumi CLI", () => {
    const covered = (c: string) =>
      ["npm ci", "npm test", "npm start", "npm run plugin:release"].includes(c) ||
      c.startsWith("chatmaid-numbers ") ||
      c.startsWith("curl ") ||
      c.startsWith("npx chatmaid-emulator");
    assert.deepEqual(
      commands.filter((c) => !covered(c)),
      [...NOT_RUNNABLE_HERE],
    );
  });
});
