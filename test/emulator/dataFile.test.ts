import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EmulatorDataError,
  generatePhoneNumbers,
  loadDataFile,
  parseEmulatorData,
  startEmulator,
} from "../../emulator";
import { get, useEmulator } from "./helpers";

const VALID = {
  test: [
    {
      id: "AAAAAAAAAAAAAAAAAAAAAAA1",
      phoneNumber: "+15550001111",
      displayName: "From File",
      connectionStatus: "connected",
      lastConnectedAt: "2026-02-06T14:10:00.000Z",
      createdAt: "2026-02-01T10:20:00.000Z",
      tier: "gold",
    },
  ],
};

describe("emulator: data sets", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "chatmaid-emulator-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it("loads a data file: defaults filled, ids lowercased, extra fields kept, omitted account empty", async () => {
    const data = loadDataFile(file("ok.json", JSON.stringify(VALID)));
    assert.deepEqual(data.live, []);
    assert.deepEqual(data.test[0], {
      id: "aaaaaaaaaaaaaaaaaaaaaaa1",
      phoneNumber: "+15550001111",
      displayName: "From File",
      connectionStatus: "connected",
      lastConnectedAt: "2026-02-06T14:10:00.000Z",
      lastDisconnectedAt: null,
      createdAt: "2026-02-01T10:20:00.000Z",
      updatedAt: "2026-02-01T10:20:00.000Z",
      environment: "test",
      tier: "gold",
    });
    const emulator = await startEmulator({ data });
    try {
      const body = (await (await get(emulator, "/v1/phone-numbers/%2B15550001111")).json()) as {
        data: { tier: string };
      };
      assert.equal(body.data.tier, "gold");
      assert.deepEqual(
        ((await (await get(emulator, "/v1/phone-numbers", "sk_live_emulator")).json()) as { data: unknown[] }).data,
        [],
      );
    } finally {
      await emulator.close();
    }
  });

  const BAD: Array<[string, string, RegExp]> = [
    ["not json", "{", /not valid JSON/],
    ["top-level array", "[]", /top level must be an object/],
    ["typo key", '{"tests": []}', /unknown top-level key "tests"/],
    ["account not array", '{"test": {}}', /"test" must be an array/],
    ["bad id", JSON.stringify({ test: [{ ...VALID.test[0], id: "123" }] }), /test\[0\]\.id must be 24 hex/],
    [
      "bad number",
      JSON.stringify({ live: [{ ...VALID.test[0], phoneNumber: "5551234" }] }),
      /live\[0\]\.phoneNumber must be an E\.164 number.*"5551234"/,
    ],
    [
      "missing status",
      JSON.stringify({
        test: [
          VALID.test[0],
          { ...VALID.test[0], id: "b".repeat(24), phoneNumber: "+15550002222", connectionStatus: undefined },
        ],
      }),
      /test\[1\]\.connectionStatus/,
    ],
    [
      "bad timestamp",
      JSON.stringify({ test: [{ ...VALID.test[0], lastConnectedAt: "yesterday" }] }),
      /test\[0\]\.lastConnectedAt must be an ISO timestamp/,
    ],
    ["bad displayName", JSON.stringify({ test: [{ ...VALID.test[0], displayName: 7 }] }), /test\[0\]\.displayName/],
    [
      "wrong environment",
      JSON.stringify({ test: [{ ...VALID.test[0], environment: "live" }] }),
      /test\[0\]\.environment must be "test"/,
    ],
    [
      "duplicate id",
      JSON.stringify({ test: [VALID.test[0], { ...VALID.test[0], phoneNumber: "+15550002222" }] }),
      /test\[1\]\.id .* used twice/,
    ],
    [
      "duplicate number",
      JSON.stringify({ test: [VALID.test[0], { ...VALID.test[0], id: "b".repeat(24) }] }),
      /test\[1\]\.phoneNumber .* used twice/,
    ],
  ];
  for (const [label, content, message] of BAD) {
    it(`rejects a bad file (${label}) with a message naming the file and entry`, () => {
      const path = file(`bad-${label.replace(/\W/g, "_")}.json`, content);
      assert.throws(
        () => loadDataFile(path),
        (error: unknown) => {
          assert.ok(error instanceof EmulatorDataError);
          assert.ok(error.message.includes(path), error.message);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("names a missing file", () => {
    assert.throws(() => loadDataFile(join(dir, "missing.json")), /Cannot read emulator data file .*missing\.json/);
  });

  it("validates options.data too", async () => {
    await assert.rejects(
      startEmulator({ data: { test: [{ id: "x", phoneNumber: "+1", connectionStatus: "connected" }] } }),
      /Invalid emulator data in options\.data: test\[0\]\.id/,
    );
    assert.deepEqual(parseEmulatorData({}, "x"), { test: [], live: [] });
  });
});

describe("emulator: loading many numbers", () => {
  const emulator = useEmulator();

  it("setNumbers serves a 10,000-number account, searchable by id and E.164", async () => {
    const numbers = generatePhoneNumbers(10_000);
    assert.equal(new Set(numbers.map((n) => n.id)).size, 10_000);
    emulator().setNumbers("test", numbers);
    const list = (await (await get(emulator(), "/v1/phone-numbers")).json()) as { data: unknown[] };
    assert.equal(list.data.length, 10_000);
    const last = numbers[9_999]!;
    assert.equal((await get(emulator(), `/v1/phone-numbers/${last.id}`)).status, 200);
    assert.equal(
      (await get(emulator(), `/v1/phone-numbers/${encodeURIComponent(last.phoneNumber)}/status`)).status,
      200,
    );
    assert.equal(emulator().getNumbers("live").length, 2, "other account untouched");
  });

  it("addNumber adds one and refuses duplicates and invalid entries", async () => {
    const added = emulator().addNumber("live", {
      id: "f".repeat(24),
      phoneNumber: "+15559990000",
      connectionStatus: "connecting",
    });
    assert.equal(added.environment, "live");
    assert.equal(added.displayName, null);
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15559990000", "sk_live_emulator")).status, 200);
    assert.throws(
      () => emulator().addNumber("live", { id: "f".repeat(24), phoneNumber: "+15559990001", connectionStatus: "x" }),
      EmulatorDataError,
    );
    assert.throws(
      () => emulator().addNumber("test", { id: "e".repeat(24), phoneNumber: "15559990001", connectionStatus: "x" }),
      EmulatorDataError,
    );
  });
});
