/**
 * Arguments outside TypeScript's reach (a JavaScript caller, `as any`, config
 * values) are checked at run time in every function, the way the resource's
 * check does, before any request; and a normal run stays quiet.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { resetSharedState } from "../../../provider";
import {
  getPhoneNumber,
  getPhoneNumberOutput,
  getPhoneNumbers,
  getPhoneNumbersOutput,
  getPhoneNumberStatus,
  InvalidInputError,
} from "../../../sdk/nodejs";
import { captureLogs, NO_CHATMAID_ENV, settle, useMocks, withEnv } from "../../support/pulumiMocks";

/** Calls a function with arguments TypeScript would refuse. */
type Loose = (args: Record<string, unknown>) => Promise<unknown>;
const numbers = getPhoneNumbers as unknown as Loose;
const one = getPhoneNumber as unknown as Loose;
const status = getPhoneNumberStatus as unknown as Loose;

describe("function arguments, checked at run time", () => {
  let emulator: RunningEmulator;
  let restore: Record<string, string | undefined>;
  before(async () => {
    emulator = await startEmulator();
    restore = Object.fromEntries(Object.keys(NO_CHATMAID_ENV).map((k) => [k, process.env[k]]));
    for (const k of Object.keys(NO_CHATMAID_ENV)) delete process.env[k];
  });
  after(async () => {
    await emulator.close();
    for (const [k, v] of Object.entries(restore)) if (v !== undefined) process.env[k] = v;
  });
  beforeEach(() => {
    resetSharedState();
    emulator.clearRequests();
    useMocks({ config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url } });
  });

  const refused: Array<[string, Loose, Record<string, unknown>, RegExp]> = [
    [
      "an unknown status",
      numbers,
      { connectionStatus: "conected" },
      /connectionStatus "conected" is not a Chatmaid connection status; use connected, disconnected, connecting, qr_pending, error/,
    ],
    [
      "an unknown status in a list",
      numbers,
      { connectionStatus: ["connected", "Connected"] },
      /"Connected" is not a Chatmaid connection status/,
    ],
    ["a status that is not a string", numbers, { connectionStatus: 3 }, /connectionStatus 3 is not/],
    [
      "a wait that is a string",
      one,
      { id: "+15551234567", requireConnected: true, waitForConnectedSeconds: "abc" },
      /waitForConnectedSeconds must be a number of seconds from 0 to 3600, not "abc"/,
    ],
    [
      "a wait that is NaN",
      one,
      { id: "+15551234567", requireConnected: true, waitForConnectedSeconds: NaN },
      /from 0 to 3600, not NaN/,
    ],
    [
      "a negative wait",
      status,
      { id: "+15551234567", requireConnected: true, waitForConnectedSeconds: -5 },
      /from 0 to 3600, not -5/,
    ],
    [
      "a wait of 1e12",
      numbers,
      { requireConnected: true, waitForConnectedSeconds: 1e12 },
      /from 0 to 3600, not 1000000000000/,
    ],
    [
      "a wait without requireConnected",
      one,
      { id: "+15551234567", waitForConnectedSeconds: 15 },
      /waitForConnectedSeconds only applies with requireConnected: true .* Add requireConnected: true, or remove waitForConnectedSeconds/,
    ],
    [
      "requireConnected that is not a boolean",
      status,
      { id: "+15551234567", requireConnected: "yes" },
      /requireConnected must be true or false/,
    ],
    [
      "a misspelt argument",
      numbers,
      { requireConected: true },
      /"requireConected" is not an argument; use connectionStatus, displayName, required/,
    ],
    [
      "an id that is not a string",
      one,
      { id: 15551234567 },
      /Phone identifier \(15551234567\) is not valid: it is not a string/,
    ],
    ["required that is not a list", numbers, { required: "+15551234567" }, /required must be a list/],
    ["a display name that is not a string", numbers, { displayName: 7 }, /displayName must be a string/],
  ];
  for (const [name, fn, args, message] of refused) {
    it(`refuses ${name}, with no request`, async () => {
      await assert.rejects(fn(args), (e: unknown) => {
        assert.ok(e instanceof InvalidInputError, String(e));
        assert.equal(e.code, "invalid_argument");
        assert.match(e.message, message);
        return true;
      });
      assert.equal(emulator.requests.length, 0);
    });
  }

  it("names every refused argument at once", async () => {
    await assert.rejects(numbers({ connectionStatus: "conected", waitForConnectedSeconds: 5 }), (e: unknown) => {
      assert.match(
        (e as Error).message,
        /^getPhoneNumbers was called with invalid arguments: connectionStatus .* waitForConnectedSeconds only applies/,
      );
      return true;
    });
  });

  it("the Output twins refuse the same, with no request", async () => {
    const result = await settle(
      getPhoneNumbersOutput({ connectionStatus: "conected" as never })
        .apply(() => "called")
        .apply((v) => v),
    ).catch((e: unknown) => e);
    assert.ok(result instanceof InvalidInputError, String(result));
    const single = await settle(getPhoneNumberOutput({ id: "+15551234567", waitForConnectedSeconds: 5 })).catch(
      (e: unknown) => e,
    );
    assert.ok(single instanceof InvalidInputError);
    assert.equal(emulator.requests.length, 0);
  });

  it("accepts every valid form: a status or a list of them, a wait of 0 without requireConnected", async () => {
    assert.ok((await getPhoneNumbers({ connectionStatus: "connected" })).ids.length > 0);
    assert.ok((await getPhoneNumbers({ connectionStatus: ["connected", "qr_pending"] })).ids.length > 0);
    assert.equal(
      (await getPhoneNumber({ id: "+15551234567", waitForConnectedSeconds: 0 })).connectionStatus,
      "connected",
    );
  });

  it("a normal run prints nothing above debug: a retry and a short wait are debug lines", async () => {
    await withEnv(NO_CHATMAID_ENV, async () => {
      emulator.injectFault({ kind: "status", status: 503, path: "/v1/phone-numbers", times: 1 });
      const logs = captureLogs();
      try {
        const result = await getPhoneNumber({
          id: "+15553456789",
          requireConnected: true,
          waitForConnectedSeconds: 20,
        });
        assert.equal(result.connectionStatus, "connected");
      } finally {
        logs.restore();
      }
      const levels = new Set(logs.lines.map(([level]) => level));
      assert.deepEqual([...levels], ["debug"], JSON.stringify(logs.lines));
      assert.ok(
        logs.lines.some(([, m]) => /answered 503; retry 1/.test(m)),
        "the retry is there, at debug level",
      );
      assert.ok(
        logs.lines.some(([, m]) => /connecting -> connected/.test(m)),
        "so is the wait",
      );
    });
  });
});
