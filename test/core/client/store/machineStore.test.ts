/**
 * The machine store on disk: owner-only, keys named by an HMAC, a lock left
 * by a killed process that blocks nobody, and a read-only cache folder that
 * costs one warning and never a failed lookup.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../../../emulator";
import { parsePhoneIdentifier } from "../../../../core/model/identifiers";
import { readerFor } from "../../../../core/client/phoneNumberReader";
import { resolveSettings } from "../../../../core/model/settings";
import { resetSharedState } from "../../../../core/client/keyState";
import { MachineStore } from "../../../../core/client/store/machineStore";

const KEY = "sk_test_emulator";
const MEMBER = path.join(__dirname, "..", "..", "..", "support", "fixtures", "fleetMember.js");

describe("the machine store", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let cache: string;
  const saved = { ...process.env };

  beforeEach(async () => {
    emulator = await startEmulator({ latencyMs: 0 });
    emulator.setNumbers("test", generatePhoneNumbers(3));
    cache = mkdtempSync(path.join(tmpdir(), "chatmaid-cache-"));
    // This process's machine store, in a folder of the test's own.
    delete process.env.XDG_RUNTIME_DIR;
    process.env.XDG_CACHE_HOME = cache;
    resetSharedState();
  });
  afterEach(async () => {
    resetSharedState();
    for (const k of ["XDG_RUNTIME_DIR", "XDG_CACHE_HOME"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await emulator.close();
    chmodSync(cache, 0o700);
    rmSync(cache, { recursive: true, force: true });
  });

  function reader(warnings: string[] = []) {
    const settings = resolveSettings({
      explicit: { apiKey: KEY, baseUrl: emulator.url, sharedStore: "machine" },
      env: {},
    });
    return readerFor(settings, { onWarning: (m) => warnings.push(m) });
  }

  it("is created owner-only (0700, files 0600) and names the key only by an HMAC under its own secret", async () => {
    await reader().list();
    const folder = path.join(cache, "chatmaid-pulumi");
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    const files = readdirSync(folder);
    assert.ok(files.includes("secret"), files.join(", "));
    assert.match(readFileSync(path.join(folder, "secret"), "utf8"), /^[0-9a-f]{64}$/);
    const plain = [
      createHash("sha256").update(KEY).digest("hex"),
      createHash("sha256").update(`${emulator.url}\n${KEY}`).digest("hex"),
    ];
    for (const file of files) {
      const full = path.join(folder, file);
      if (statSync(full).isDirectory()) continue;
      assert.equal(statSync(full).mode & 0o777, 0o600, file);
      const text = readFileSync(full, "utf8");
      for (const shown of [KEY, ...plain, ...plain.map((h) => h.slice(0, 40))]) {
        assert.ok(!file.includes(shown) && !text.includes(shown), `${file} shows the key or a plain hash of it`);
      }
    }
  });

  it("shares a read with the next process within cacheSeconds, and tightens a folder others could read", async () => {
    await reader().list();
    chmodSync(path.join(cache, "chatmaid-pulumi"), 0o755);
    resetSharedState(); // as a new process
    await reader().list();
    assert.equal(emulator.requests.filter((r) => r.path === "/v1/phone-numbers").length, 1);
    assert.equal(statSync(path.join(cache, "chatmaid-pulumi")).mode & 0o777, 0o700);
  });

  it("holds the next process for a 429's Retry-After another process was told", async () => {
    reader().client.shared.pacer.pauseFor(1500);
    await new Promise((r) => setTimeout(r, 150));
    resetSharedState();
    const started = Date.now();
    await reader().status(parsePhoneIdentifier(generatePhoneNumbers(1)[0]!.id));
    assert.ok(Date.now() - started >= 1250, `waited ${Date.now() - started} ms`);
  });

  it("ignores a malformed or foreign entry and reads from Chatmaid instead", async () => {
    const numbers = generatePhoneNumbers(3);
    const first = reader();
    await first.status(parsePhoneIdentifier(numbers[0]!.id));
    const store = new MachineStore(path.join(cache, "chatmaid-pulumi"));
    const id = await store.keyId(emulator.url, KEY);
    // Another number's record under this number's name, then a record that breaks the contract.
    const other = { ...(await first.status(parsePhoneIdentifier(numbers[1]!.id))) };
    await store.write(id, `status:${numbers[0]!.id}`, { at: Date.now(), value: other }, 10_000);
    resetSharedState();
    const read = await reader().status(parsePhoneIdentifier(numbers[0]!.id));
    assert.equal(read.id, numbers[0]!.id);
    await store.write(id, `status:${numbers[2]!.id}`, { at: Date.now(), value: { id: 42 } }, 10_000);
    await store.write(id, "list", { at: Date.now() + 60_000, value: [] }, 10_000);
    resetSharedState();
    const again = reader();
    assert.equal((await again.status(parsePhoneIdentifier(numbers[2]!.id))).id, numbers[2]!.id);
    assert.equal((await again.list()).length, 3);
    const statusReads = emulator.requests.filter((r) => r.path.endsWith("/status")).length;
    assert.equal(statusReads, 4);
  });

  it("is not blocked by a lock its holder was killed holding", async () => {
    const folder = path.join(cache, "chatmaid-pulumi");
    const store = new MachineStore(folder);
    const id = await store.keyId(emulator.url, KEY);
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(require.resolve("proper-lockfile"))}).lock(${JSON.stringify(store.budgetFile(id))}, { realpath: false })` +
          `.then(() => { console.log("locked"); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) =>
      holder.stdout!.on("data", (c: Buffer) => c.toString().includes("locked") && resolve()),
    );
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const warnings: string[] = [];
    const started = Date.now();
    const records = await reader(warnings).list();
    assert.equal(records.length, 3);
    assert.deepEqual(warnings, []);
    // The lock goes stale within proper-lockfile's 2 s; the store's time limit (5 s) was never reached.
    assert.ok(Date.now() - started < 4500, `took ${Date.now() - started} ms`);
  });

  it("in a read-only cache folder: the lookups succeed with one warning naming the store", async () => {
    const readOnly = path.join(cache, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    chmodSync(cache, 0o755);
    const numbers = generatePhoneNumbers(3);
    const job = { apiKey: KEY, baseUrl: emulator.url, limit: 100, windowMs: 60_000, ids: numbers.map((n) => n.id) };
    // root writes anywhere: the child runs as nobody, for whom the folder is read-only as for any user.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, [MEMBER, JSON.stringify(job)], {
      env: { PATH: process.env.PATH, HOME: readOnly, XDG_CACHE_HOME: readOnly, CHATMAID_SHARED_STORE: "machine" },
      stdio: ["ignore", "pipe", "pipe"],
      ...asNobody,
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise((resolve) => child.once("close", resolve));
    const report = JSON.parse(out.trim()) as { statuses: number; listed: number; warnings: string[] };
    assert.equal(code, 0, out);
    assert.deepEqual([report.listed, report.statuses], [3, 3]);
    assert.equal(report.warnings.length, 1, report.warnings.join("\n"));
    assert.ok(
      report.warnings[0]!.includes(`the machine store in ${path.join(readOnly, "chatmaid-pulumi")}`),
      report.warnings[0],
    );
    assert.match(report.warnings[0]!, /EACCES|EROFS|permission/i);
  });
});
