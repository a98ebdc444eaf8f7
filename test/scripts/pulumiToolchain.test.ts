/**
 * scripts/pulumi-toolchain.sh as a contributor meets it: the folder it built
 * is printed at once (last line of stdout), a Pulumi CLI of one's own is used
 * through PULUMI_TOOLCHAIN_DIR, a folder without one is refused, saying so, and
 * a folder built before the C# and Java hosts were added gets them without a
 * rebuild of the CLI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pulumiToolchain, TOOLCHAIN_SCRIPT } from "../support/pulumiToolchain";

function runScript(env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const result = spawnSync("bash", [TOOLCHAIN_SCRIPT], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { ...result, ms: Date.now() - started, last: result.stdout.trim().split("\n").pop() ?? "" };
}

describe("scripts/pulumi-toolchain.sh", function () {
  // The first call may build the toolchain.
  this.timeout(50 * 60_000);
  let built: string;
  before(() => {
    built = pulumiToolchain();
  });

  it("prints the built folder as its only stdout line, at once once built, with the pinned versions", () => {
    const run = runScript({ PULUMI_TOOLCHAIN_DIR: "" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${built}\n`);
    assert.ok(run.ms < 5_000, `took ${run.ms} ms with the folder already built`);
    for (const tool of [
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-language-python",
      "pulumi-language-python-exec",
      "pulumi-language-go",
      "pulumi-language-yaml",
      "pulumi-language-dotnet",
      "pulumi-language-java",
      "pulumi-resource-pulumi-nodejs",
      "pulumi-resource-pulumi-python",
    ])
      assert.ok(existsSync(path.join(built, tool)), `${tool} is missing from ${built}`);
    const script = readFileSync(TOOLCHAIN_SCRIPT, "utf8");
    const pinned = (name: string) => new RegExp(`^${name}=(\\S+)$`, "m").exec(script)?.[1];
    const version = spawnSync(path.join(built, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
    assert.equal(version, pinned("PULUMI_VERSION"));
    // The C# and Java hosts are rebuilt when their pin moves: their stamp names the version built.
    for (const [host, pin] of [
      ["pulumi-language-dotnet", "LANGUAGE_DOTNET_VERSION"],
      ["pulumi-language-java", "LANGUAGE_JAVA_VERSION"],
    ] as const) {
      const stamp = readFileSync(path.join(built, "..", `.${host}`), "utf8").split("\n")[0];
      assert.equal(stamp, pinned(pin), `${host} was built at another version than ${pin}`);
    }
    assert.ok(!path.resolve(built).startsWith(path.resolve(__dirname, "..", "..")), "built inside the checkout");
  });

  it("uses the CLI in PULUMI_TOOLCHAIN_DIR, and refuses a folder without one", () => {
    const own = runScript({ PULUMI_TOOLCHAIN_DIR: built });
    assert.equal(own.status, 0, own.stderr);
    assert.equal(own.last, built);
    assert.match(own.stderr, /using the Pulumi CLI in PULUMI_TOOLCHAIN_DIR \(v3\./);
    const empty = mkdtempSync(path.join(tmpdir(), "chatmaid-no-pulumi-"));
    try {
      const refused = runScript({ PULUMI_TOOLCHAIN_DIR: empty });
      assert.equal(refused.status, 1);
      assert.equal(refused.stdout, "");
      assert.match(refused.stderr, /has no working 'pulumi'/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("adds the C# and Java hosts to a folder built without them, keeping its CLI", () => {
    const cache = mkdtempSync(path.join(tmpdir(), "chatmaid-toolchain-cache-"));
    try {
      // A copy of the built folder as it was before these hosts (no modules/: they are rebuilt when needed).
      const home = path.join(cache, path.basename(path.dirname(built)));
      cpSync(path.dirname(built), home, { recursive: true, filter: (src) => path.basename(src) !== "modules" });
      for (const host of ["pulumi-language-dotnet", "pulumi-language-java"]) {
        rmSync(path.join(home, "bin", host));
        rmSync(path.join(home, `.${host}`));
      }
      const cli = statSync(path.join(home, "bin", "pulumi")).mtimeMs;
      const run = runScript({ PULUMI_TOOLCHAIN_DIR: "", CHATMAID_PULUMI_CACHE: cache });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${path.join(home, "bin")}\n`);
      assert.doesNotMatch(run.stderr, /building pulumi v|compiling pulumi/);
      assert.match(run.stderr, /built pulumi-language-dotnet v[\d.]+ in \d+ s/);
      assert.match(run.stderr, /built pulumi-language-java v[\d.]+ in \d+ s/);
      assert.equal(statSync(path.join(home, "bin", "pulumi")).mtimeMs, cli, "the CLI was rebuilt");
      for (const host of ["pulumi-language-dotnet", "pulumi-language-java"])
        assert.ok(existsSync(path.join(home, "bin", host)), `${host} is missing`);
      assert.equal(runScript({ PULUMI_TOOLCHAIN_DIR: "", CHATMAID_PULUMI_CACHE: cache }).stderr, "", "built twice");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
