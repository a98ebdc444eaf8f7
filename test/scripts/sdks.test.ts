/**
 * The generated SDKs (sdk/python, sdk/go) are what `npm run sdks` makes of
 * schema.json today (a stale SDK fails here, naming the files that differ),
 * and the Go SDK builds and vets against github.com/pulumi/pulumi/sdk/v3 from
 * the Go module proxy.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describeResult, runCommand } from "../package/commands";
import { ROOT } from "../support/pulumiToolchain";

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  const found: string[] = [];
  const visit = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) visit(rel);
      else found.push(rel);
    }
  };
  visit("");
  return found.sort();
}

/** Files that differ between two trees, or exist in only one. */
function differences(a: string, b: string): string[] {
  const inA = files(a);
  const inB = files(b);
  const all = [...new Set([...inA, ...inB])].sort();
  return all.filter(
    (f) =>
      !inA.includes(f) ||
      !inB.includes(f) ||
      statSync(path.join(a, f)).size !== statSync(path.join(b, f)).size ||
      !readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))),
  );
}

describe("generated SDKs (npm run sdks)", function () {
  // The generator compiles Pulumi's code generators on first use (minutes with a cold Go cache).
  this.timeout(30 * 60_000);
  const temp = mkdtempSync(path.join(tmpdir(), "chatmaid-sdks-"));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it("sdk/python and sdk/go are up to date with schema.json", async () => {
    const out = path.join(temp, "fresh");
    const run = await runCommand("bash", [path.join(ROOT, "scripts", "sdks.sh"), out], {
      cwd: ROOT,
      deadlineMs: 30 * 60_000,
      env: { ...process.env },
    });
    assert.equal(run.code, 0, describeResult(run, "npm run sdks failed"));
    for (const language of ["python", "go"]) {
      const stale = differences(path.join(ROOT, "sdk", language), path.join(out, language));
      assert.deepEqual(stale, [], `sdk/${language} is stale against schema.json: run \`npm run sdks\``);
    }
  });

  it("the Go SDK builds and vets", async () => {
    const copy = path.join(temp, "go");
    cpSync(path.join(ROOT, "sdk", "go"), copy, { recursive: true });
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" };
    for (const args of [
      ["build", "./..."],
      ["vet", "./..."],
    ]) {
      const run = await runCommand("go", args, { cwd: copy, deadlineMs: 20 * 60_000, env });
      assert.equal(run.code, 0, describeResult(run, `go ${args.join(" ")} of sdk/go failed`));
    }
  });
});
