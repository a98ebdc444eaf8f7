/**
 * One Redis shared by the package's every entry point and by two keys: the
 * functions, the PhoneNumber provider (as the dynamic provider runs it, and
 * the native plugin), and the CLI each take a read another process made; two
 * keys never share a budget, a record, or a trace of either key.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import Redis from "ioredis";
import { EMULATOR_API_KEYS, generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../../../emulator";
import { parsePhoneIdentifier, readerFor, resetSharedState, resolveSettings } from "../../../../provider";
import { PhoneNumberOperations } from "../../../../core/phoneNumbers/phoneNumberOperations";
import { getPhoneNumbers } from "../../../../sdk/nodejs";
import { emulatorEnv, runCli } from "../../../cli/helpers";
import { startChatmaidPlugin } from "../../../support/chatmaidPlugin";
import { secret } from "../../../support/providerPlugin";
import { useMocks } from "../../../support/pulumiMocks";
import { startRedis, type RedisServer } from "../../../support/redisServer";

const KEY = EMULATOR_API_KEYS.test;
const OTHER_KEY = EMULATOR_API_KEYS.live;

describe("one Redis shared", function () {
  this.timeout(40_000);
  let emulator: RunningEmulator;
  let redis: RedisServer;
  const lists = () => emulator.requests.filter((r) => r.path === "/v1/phone-numbers").length;

  before(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ rateLimit: 0 });
  });
  after(async () => {
    resetSharedState();
    await emulator?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    resetSharedState();
    emulator.reset();
    emulator.setNumbers("test", generatePhoneNumbers(3));
    emulator.setNumbers("live", generatePhoneNumbers(2, { account: "live" }));
    const client = new Redis(redis.port, "127.0.0.1");
    await client.flushall();
    client.disconnect();
  });

  describe("by every entry point: a read made by one process is taken by the next", () => {
    it("the functions", async () => {
      const saved = process.env.CHATMAID_SHARED_STORE;
      process.env.CHATMAID_SHARED_STORE = redis.url;
      try {
        useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url } });
        await getPhoneNumbers({});
        resetSharedState(); // the next program
        const again = await getPhoneNumbers({});
        assert.equal(again.ids.length, 3);
        assert.equal(lists(), 1);
      } finally {
        process.env.CHATMAID_SHARED_STORE = saved;
      }
    });

    it("PhoneNumber, as the dynamic provider runs it", async () => {
      const config = { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url, "chatmaid:sharedStore": redis.url };
      const id = generatePhoneNumbers(3)[1]!.id;
      await new PhoneNumberOperations(config).read(id, {});
      resetSharedState(); // the next deployment's plugin
      const read = await new PhoneNumberOperations(config).read(id, {});
      assert.equal(read.id, id);
      assert.equal(lists(), 1);
    });

    it("PhoneNumber's native provider plugin, and its functions", async () => {
      for (let run = 0; run < 2; run++) {
        const plugin = await startChatmaidPlugin("bin", { env: { CHATMAID_SHARED_STORE: redis.url } });
        try {
          await plugin.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url } });
          const result = (await plugin.invoke("chatmaid:index:getPhoneNumbers", {})) as { ids?: string[] };
          assert.equal(JSON.stringify(result).includes(generatePhoneNumbers(1)[0]!.id), true);
        } finally {
          await plugin.stop();
        }
      }
      assert.equal(lists(), 1);
    });

    it("the CLI", async () => {
      for (let run = 0; run < 2; run++) {
        const result = await runCli(["list"], { env: emulatorEnv(emulator, { CHATMAID_SHARED_STORE: redis.url }) });
        assert.equal(result.code, 0, result.stderr);
        assert.ok(result.stdout.includes("+1555"), result.stdout);
      }
      assert.equal(lists(), 1);
    });
  });

  it("by two keys: never a shared budget, record, or a trace of either key", async () => {
    const readerOf = (apiKey: string) =>
      readerFor(
        resolveSettings({
          explicit: { apiKey, baseUrl: emulator.url, sharedStore: redis.url, maxRequestsPerMinute: 2 },
          env: {},
        }),
        { rateLimitWindowMs: 1500 },
      );
    const testNumbers = generatePhoneNumbers(3);
    const liveNumbers = generatePhoneNumbers(2, { account: "live" });
    // The first key spends its whole budget...
    const first = readerOf(KEY);
    await Promise.all(testNumbers.slice(0, 2).map((n) => first.status(parsePhoneIdentifier(n.id))));
    // ...the second key's budget is untouched, and its list is its own.
    resetSharedState();
    const started = Date.now();
    const other = readerOf(OTHER_KEY);
    const otherList = await other.list();
    await other.status(parsePhoneIdentifier(liveNumbers[0]!.id));
    assert.ok(Date.now() - started < 1000, `the second key waited ${Date.now() - started} ms`);
    assert.deepEqual(
      otherList.map((r) => r.id),
      liveNumbers.map((n) => n.id),
    );
    // The first key, in a new process, still waits for its own budget and gets its own list.
    resetSharedState();
    const later = Date.now();
    const firstList = await readerOf(KEY).list();
    assert.ok(Date.now() - later >= 900, `the first key's budget was not kept: ${Date.now() - later} ms`);
    assert.deepEqual(
      firstList.map((r) => r.id),
      testNumbers.map((n) => n.id),
    );
    const client = new Redis(redis.port, "127.0.0.1");
    try {
      const keys = await client.keys("*");
      const values = await Promise.all(
        keys.map(async (k) => ((await client.type(k)) === "string" ? await client.get(k) : "")),
      );
      const plain = [KEY, OTHER_KEY].flatMap((k) => [
        k,
        createHash("sha256").update(k).digest("hex").slice(0, 40),
        createHash("sha256").update(`${emulator.url}\n${k}`).digest("hex").slice(0, 40),
      ]);
      for (const text of [...keys, ...values])
        for (const p of plain) assert.ok(!text!.includes(p), `${text} shows a key`);
    } finally {
      client.disconnect();
    }
  });

  it("gives every process one view of a 429's Retry-After: a pause told by one holds the next", async () => {
    const id = parsePhoneIdentifier(generatePhoneNumbers(1)[0]!.id);
    const settings = resolveSettings({
      explicit: { apiKey: KEY, baseUrl: emulator.url, sharedStore: redis.url },
      env: {},
    });
    // One process is answered 429 with Retry-After: 1.5 s and pauses the key (RequestPacer.pauseFor)...
    readerFor(settings).client.shared.pacer.pauseFor(1500);
    await new Promise((r) => setTimeout(r, 100));
    resetSharedState();
    // ...and the next process, which knows nothing of it in memory, waits it out too.
    const started = Date.now();
    await readerFor(settings).status(id);
    assert.ok(Date.now() - started >= 1300, `waited ${Date.now() - started} ms`);
  });

  it("ignores a malformed or foreign answer from Redis and reads from Chatmaid", async () => {
    const numbers = generatePhoneNumbers(3);
    const reader = () =>
      readerFor(resolveSettings({ explicit: { apiKey: KEY, baseUrl: emulator.url, sharedStore: redis.url }, env: {} }));
    await reader().list();
    const client = new Redis(redis.port, "127.0.0.1");
    try {
      const [listKey] = await client.keys("chatmaid:pulumi:*:entry:list");
      assert.ok(listKey);
      // A list whose record is another shape, then not JSON at all.
      await client.set(
        listKey,
        JSON.stringify({ at: Date.now(), value: [{ id: 7, phoneNumber: null }] }),
        "PX",
        10_000,
      );
      resetSharedState();
      assert.equal((await reader().list()).length, 3);
      await client.set(listKey, "{not json", "PX", 10_000);
      resetSharedState();
      assert.deepEqual(
        (await reader().list()).map((r) => r.id),
        numbers.map((n) => n.id),
      );
      assert.equal(lists(), 3);
    } finally {
      client.disconnect();
    }
  });
});
