/**
 * Shared helpers for the emulator tests: start on a free port, call with a key.
 */
import assert from "node:assert/strict";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

/** Starts an emulator for one `describe` block and closes it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, ...options });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return () => {
    if (emulator === undefined) throw new Error("emulator not started");
    return emulator;
  };
}

/** GET `path` with `Authorization: Bearer <key>` (no header when key is null). */
export function get(
  emulator: RunningEmulator,
  path: string,
  key: string | null = "sk_test_emulator",
  init: RequestInit = {},
): Promise<Response> {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  return fetch(`${emulator.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
  });
}

/** Sends a JSON body to a control route. */
export function control(emulator: RunningEmulator, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Asserts the NestJS-style error envelope and returns it. */
export async function expectEnvelope(res: Response, status: number, path: string): Promise<Record<string, unknown>> {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.match(res.headers.get("x-request-id") ?? "", /^req_[0-9a-f]{16}$/);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.success, false);
  assert.equal(body.statusCode, status);
  assert.equal(typeof body.error, "string");
  assert.equal(typeof body.message, "string");
  assert.equal(body.path, path);
  assert.ok(!Number.isNaN(Date.parse(body.timestamp as string)), "timestamp is an ISO date");
  return body;
}
