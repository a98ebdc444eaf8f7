import assert from "node:assert/strict";
import { EMULATOR_API_KEYS, startEmulator } from "../../emulator";
import { expectEnvelope, get, useEmulator } from "./helpers";

describe("emulator: authentication and scopes", () => {
  const emulator = useEmulator();

  it("answers 401 without a key, with an unknown key, and with another scheme", async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["no header", {}],
      ["empty header", { authorization: "" }],
      ["unknown key", { authorization: "Bearer sk_test_nope" }],
      ["Basic scheme", { authorization: `Basic ${Buffer.from("sk_test_emulator:").toString("base64")}` }],
      ["key without scheme", { authorization: "sk_test_emulator" }],
      ["Token scheme", { authorization: "Token sk_test_emulator" }],
    ];
    for (const [label, headers] of cases) {
      const res = await fetch(`${emulator().url}/v1/phone-numbers`, { headers });
      const body = await expectEnvelope(res, 401, "/v1/phone-numbers");
      assert.equal(body.error, "Unauthorized", label);
    }
    assert.ok(emulator().requests.every((r) => r.status === 401 && r.keyLabel === "unknown"));
  });

  it("accepts the Bearer scheme in any case", async () => {
    const res = await fetch(`${emulator().url}/v1/phone-numbers`, {
      headers: { authorization: "bearer sk_test_emulator" },
    });
    assert.equal(res.status, 200);
  });

  it("answers 403 naming the scope for a key without a read scope, on every endpoint", async () => {
    for (const path of [
      "/v1/phone-numbers",
      "/v1/phone-numbers/%2B15551234567",
      "/v1/phone-numbers/%2B15551234567/status",
    ]) {
      const body = await expectEnvelope(await get(emulator(), path, EMULATOR_API_KEYS.testNoScope), 403, path);
      assert.equal(body.error, "Forbidden");
      assert.match(body.message as string, /phone_numbers:read/);
    }
  });

  it("accepts the legacy phone-numbers:read scope", async () => {
    const res = await get(emulator(), "/v1/phone-numbers/%2B15551234567/status", EMULATOR_API_KEYS.testLegacyScope);
    assert.equal(res.status, 200);
    assert.equal(emulator().requests[0]!.keyLabel, "sk_test_emulator_legacy");
  });
});

describe("emulator: API keys never leak", () => {
  it("keeps a sentinel key out of log lines, recorded requests and responses", async () => {
    const sentinel = "sk_test_SENTINEL_d3adb33f_never_log_me";
    const lines: string[] = [];
    const emulator = await startEmulator({ log: (line) => lines.push(line), rateLimit: 1 });
    try {
      const bodies: string[] = [];
      const paths = [
        "/v1/phone-numbers",
        "/v1/phone-numbers/%2B15551234567",
        "/v1/phone-numbers/%2B15551234567/status",
        "/nope",
      ];
      for (const path of paths) {
        for (const authorization of [`Bearer ${sentinel}`, sentinel, `Basic ${sentinel}`]) {
          const res = await fetch(`${emulator.url}${path}?api_key=${sentinel}`, { headers: { authorization } });
          bodies.push(JSON.stringify([...res.headers]), await res.text());
        }
      }
      // A known key, rate limited, then a fault: other code paths, same rule.
      emulator.injectFault({ kind: "status", status: 500 });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${emulator.url}/v1/phone-numbers?key=${sentinel}`, {
          headers: { authorization: "Bearer sk_test_emulator" },
        });
        bodies.push(await res.text());
      }
      assert.ok(lines.length >= 15, "one log line per request");
      const everything = [...lines, JSON.stringify(emulator.requests), ...bodies].join("\n");
      assert.ok(!everything.includes("SENTINEL"), "the sentinel key (or part of it) leaked");
      assert.ok(lines.some((l) => /key=sk_test_emulator /.test(l)));
      assert.ok(lines.some((l) => /key=unknown /.test(l)));
    } finally {
      await emulator.close();
    }
  });
});
