import assert from "node:assert/strict";
import { connect } from "node:net";
import { get, useEmulator } from "./helpers";

/** Writes raw bytes to the emulator and collects whatever comes back until the socket closes. */
function raw(port: number, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" ? resolve(Buffer.concat(chunks).toString()) : reject(error),
    );
    socket.on("close", () => resolve(Buffer.concat(chunks).toString()));
    socket.setTimeout(2000, () => socket.destroy(new Error("no answer")));
    socket.write(payload);
  });
}

describe("emulator: garbage in, server survives", () => {
  const emulator = useEmulator();

  it("answers 400 and closes for a request that is not HTTP", async () => {
    const answer = await raw(emulator().port, "HELLO THERE\r\n\r\n");
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /x-request-id: req_[0-9a-f]{16}/);
    assert.match(answer, /"statusCode":400/);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });

  it("answers 431 and closes for oversized headers", async () => {
    const answer = await raw(
      emulator().port,
      `GET /v1/phone-numbers HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 431 /);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });

  it("survives binary junk, absolute-form URLs and odd methods", async () => {
    await raw(emulator().port, Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]));
    const absolute = await raw(
      emulator().port,
      "GET http://evil.example/v1/phone-numbers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert.match(absolute, /^HTTP\/1\.1 404 /);
    const star = await raw(emulator().port, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert.match(star, /^HTTP\/1\.1 404 /);
    const half = connect(emulator().port, "127.0.0.1");
    half.write("GET /v1/phone-num");
    half.destroy();
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });
});
