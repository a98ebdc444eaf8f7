/**
 * The interface the emulator binds: loopback unless asked otherwise. An empty
 * or blank `host` must not fall through to Node's "every interface".
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { get } from "./helpers";

/** Whether a TCP connection to `address:port` is accepted (refused: false), bounded in time. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, address);
    socket.setTimeout(2000, () => socket.destroy(new Error(`no answer from ${address}:${port} within 2 s`)));
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNREFUSED" ? resolve(false) : reject(error),
    );
  });
}

async function using(host: string | undefined, check: (emulator: RunningEmulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator(host === undefined ? {} : { host });
  try {
    await check(emulator);
  } finally {
    await emulator.close();
  }
}

describe("emulator: the interface it binds", () => {
  for (const [label, host] of [
    ["no host", undefined],
    ['host ""', ""],
    ['host "   "', "   "],
    ['host "\\t"', "\t"],
  ] as const) {
    it(`${label}: 127.0.0.1 only, and the URL says so`, () =>
      using(host, async (emulator) => {
        assert.equal(emulator.address, "127.0.0.1");
        assert.equal(emulator.url, `http://127.0.0.1:${emulator.port}`);
        assert.equal((await get(emulator, "/v1/phone-numbers")).status, 200);
        // Bound to every interface, 127.0.0.2 (also this machine) would connect too.
        assert.equal(await accepts("127.0.0.2", emulator.port), false, "not listening on every interface");
      }));
  }

  it("an explicit address is used as given (and 127.0.0.2 is reachable here, so the check above means something)", () =>
    using(" 127.0.0.2 ", async (emulator) => {
      assert.equal(emulator.address, "127.0.0.2");
      assert.equal(emulator.url, `http://127.0.0.2:${emulator.port}`);
      assert.equal(await accepts("127.0.0.2", emulator.port), true);
      assert.equal(await accepts("127.0.0.1", emulator.port), false);
      // Its own address is a loopback Host, so the control routes answer under it.
      const res = await fetch(`${emulator.url}/_emulator/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      assert.equal(res.status, 200);
    }));

  it("a wildcard bind gives a loopback URL: one a client can connect to, and @chatmaid/pulumi will send its key to", () =>
    using("0.0.0.0", async (emulator) => {
      assert.equal(emulator.address, "0.0.0.0");
      assert.equal(emulator.url, `http://127.0.0.1:${emulator.port}`);
      assert.equal((await get(emulator, "/v1/phone-numbers")).status, 200);
    }));
});
