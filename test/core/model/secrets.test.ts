/**
 * Secrets: a sentinel API key goes through every failure, every setting path,
 * the resource's inputs and serialized provider, the provider's outputs and
 * the emulator, and must never come out: not on stdout or stderr, not in an
 * error's message, properties, stack, inspect or JSON form, not in resource
 * inputs or outputs, not in the serialized provider, not in the emulator's
 * log lines or recorded requests. A key from secret stack config stays secret.
 *
 * Each check also proves the sentinel was really in use (the server saw it,
 * or the program read it), so an absent sentinel means "not leaked", not
 * "never there".
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { startEmulator } from "../../../emulator";
import {
  AuthenticationError,
  ChatmaidClient,
  ChatmaidError,
  ConnectionError,
  InvalidInputError,
  NotConnectedError,
  NotFoundError,
  PermissionDeniedError,
  PhoneNumberOperations,
  RateLimitError,
  readerFor,
  resetSharedState,
  resolveSettings,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "../../../provider";
import { getPhoneNumberOutput, getPhoneNumbersOutput, PhoneNumber } from "../../../sdk/nodejs";
import { captureLogs, NO_CHATMAID_ENV, settle, useMocks, withEnv } from "../../support/pulumiMocks";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";
import { captureDynamicResourceInputs, snapshotPulumiRuntime } from "../../support/serializedProvider";
import { id, testClient } from "../../support/clients";

const SENTINEL = "sk_test_SENTINEL_9c1e_do_not_leak";
const LIVE_SENTINEL = "sk_live_SENTINEL_5b7d_do_not_leak";
/** Any of these in any output betrays a key. */
const SENTINEL_PARTS = ["SENTINEL_9c1e", "9c1e_do_not_leak", "SENTINEL_5b7d", "5b7d_do_not_leak"];

/** Throws naming `where` if `text` contains the sentinel or a telling part of it. */
function assertClean(where: string, text: string | undefined): void {
  for (const part of SENTINEL_PARTS) {
    assert.ok(!(text ?? "").includes(part), `${where} contains the key (${JSON.stringify(part)}):\n${text}`);
  }
}

/** Every way an error gets shown or shipped. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error & Record<string, unknown>;
  const own = Object.fromEntries(Object.getOwnPropertyNames(e).map((k) => [k, inspect(e[k], { depth: 10 })]));
  return {
    message: String(e.message),
    stack: String(e.stack),
    string: String(error),
    inspect: inspect(error, { showHidden: true, depth: 10 }),
    json: JSON.stringify(error) ?? "",
    ownProperties: JSON.stringify(own),
    cause: inspect(e.cause, { showHidden: true, depth: 10 }),
  };
}

function assertErrorClean(error: unknown): void {
  for (const [how, text] of Object.entries(renderings(error))) assertClean(`the error's ${how}`, text);
}

/** Captures everything written to stdout and stderr while `fn` runs (still passing it through). */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tap = (write: typeof out) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof out;
  process.stdout.write = tap(out);
  process.stderr.write = tap(err);
  try {
    const value = await fn();
    return { value, output: chunks.join("") };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const json = (body: unknown) => JSON.stringify(body);

describe("secrets: the API key never leaks", function () {
  this.timeout(20_000);
  let savedEnv: Record<string, string | undefined>;

  before(() => {
    savedEnv = Object.fromEntries(Object.keys(NO_CHATMAID_ENV).map((k) => [k, process.env[k]]));
    for (const k of Object.keys(NO_CHATMAID_ENV)) delete process.env[k];
  });
  after(() => {
    for (const [k, v] of Object.entries(savedEnv)) if (v !== undefined) process.env[k] = v;
    resetSharedState();
  });
  beforeEach(() => resetSharedState());

  describe("in every failure, in-process", () => {
    /** A server that answers every request with `answer`; resolves with what was caught and seen. */
    interface FailureCase {
      title: string;
      answer?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
      baseUrl?: () => Promise<string>;
      call?: (client: ChatmaidClient) => Promise<unknown>;
      expected: new (...args: never[]) => ChatmaidError;
      timeoutMs?: number;
    }
    const CASES: FailureCase[] = [
      {
        title: "403 whose message echoes the key",
        answer: (_q, s) =>
          void s
            .writeHead(403, { "content-type": "application/json" })
            .end(json({ statusCode: 403, message: `Key ${SENTINEL} lacks phone_numbers:read` })),
        expected: PermissionDeniedError,
      },
      {
        title: "401 whose message array echoes the key",
        answer: (_q, s) =>
          void s
            .writeHead(401, { "content-type": "application/json" })
            .end(json({ statusCode: 401, message: ["bad key", `Bearer ${SENTINEL}`] })),
        expected: AuthenticationError,
      },
      {
        title: "404 whose error echoes the key",
        call: (c) => c.getPhoneNumber(id("+15550000000")),
        answer: (_q, s) =>
          void s
            .writeHead(404, { "content-type": "application/json" })
            .end(json({ statusCode: 404, error: `not found for ${SENTINEL}` })),
        expected: NotFoundError,
      },
      {
        title: "429 with Retry-After 3600 and the key as request id",
        answer: (_q, s) =>
          void s
            .writeHead(429, { "retry-after": "3600", "x-request-id": SENTINEL, "content-type": "application/json" })
            .end(json({ statusCode: 429, message: SENTINEL })),
        expected: RateLimitError,
      },
      {
        title: "500 HTML page quoting the Authorization header",
        answer: (q, s) =>
          void s.writeHead(500, { "content-type": "text/html" }).end(`<pre>${q.headers.authorization}</pre>`),
        expected: ServerError,
      },
      {
        title: "200 with invalid JSON quoting the key",
        answer: (_q, s) => void s.writeHead(200, { "content-type": "application/json" }).end(`{"key":"${SENTINEL}",`),
        expected: ResponseValidationError,
      },
      {
        title: "200 with a record field of the wrong type next to the key",
        answer: (_q, s) =>
          void s
            .writeHead(200, { "content-type": "application/json" })
            .end(json({ success: true, data: { ...sampleRecord(), connectionStatus: 7, echo: SENTINEL } })),
        call: (cl) => cl.getPhoneNumber(id("507f1f77bcf86cd799439011")),
        expected: ResponseValidationError,
      },
      {
        title: "200 over the body limit, request id echoing the key",
        answer: (_q, s) =>
          void s.writeHead(200, { "content-length": String(9 * 1024 * 1024), "x-request-id": `req_${SENTINEL}` }).end(),
        expected: ResponseValidationError,
      },
      { title: "a server that never answers", answer: () => undefined, expected: TimeoutError, timeoutMs: 200 },
      {
        title: "connection refused",
        baseUrl: async () => {
          const probe = net.createServer();
          await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
          const port = (probe.address() as AddressInfo).port;
          await new Promise<void>((r) => probe.close(() => r()));
          return `http://127.0.0.1:${port}`;
        },
        expected: ConnectionError,
      },
      {
        title: "a host that does not resolve",
        baseUrl: async () => "https://chatmaid-test.invalid",
        expected: ConnectionError,
      },
    ];

    for (const c of CASES) {
      it(c.title, async () => {
        const server = c.answer ? await ScriptedServer.start(c.answer) : undefined;
        try {
          const baseUrl = server?.url ?? (await c.baseUrl!());
          const notices: unknown[] = [];
          const client = testClient({
            apiKey: SENTINEL,
            baseUrl,
            maxRetries: 1,
            timeoutMs: c.timeoutMs ?? 3000,
            onRetry: (n) => notices.push(n),
          });
          const { value: error, output } = await capturingOutput(async () => {
            try {
              await (c.call ?? ((cl: ChatmaidClient) => cl.listPhoneNumbers()))(client);
            } catch (e) {
              return e;
            }
            return undefined;
          });
          assert.ok(error instanceof c.expected, `expected ${c.expected.name}, got ${inspect(error)}`);
          assertErrorClean(error);
          assertClean("stdout/stderr", output);
          assertClean("retry notices", JSON.stringify(notices));
          assertClean("the client (inspect)", inspect(client, { showHidden: true, depth: 10 }));
          assertClean("the client (JSON)", JSON.stringify(client));
          assertClean("the shared per-key state", inspect(client.shared, { showHidden: true, depth: 10 }));
          if (server)
            assert.equal(
              server.requests[0]?.headers.authorization,
              `Bearer ${SENTINEL}`,
              "the sentinel was the key sent",
            );
        } finally {
          await server?.close();
        }
      });
    }

    it("the emulator's 401 for an unknown key, and its log lines and recorded requests", async () => {
      const lines: string[] = [];
      const emulator = await startEmulator({ log: (line) => lines.push(line) });
      try {
        const client = testClient({ apiKey: SENTINEL, baseUrl: emulator.url, maxRetries: 0 });
        const error = await client.getPhoneNumberStatus(id("+15551234567")).catch((e: unknown) => e);
        assert.ok(error instanceof AuthenticationError);
        assertErrorClean(error);
        assert.equal(emulator.requests.length, 1);
        assert.equal(emulator.requests[0]!.keyLabel, "unknown");
        assertClean("the emulator's recorded requests", JSON.stringify(emulator.requests));
        assertClean("the emulator's log", lines.join("\n"));
        assert.equal(lines.length, 1);
      } finally {
        await emulator.close();
      }
    });
  });

  describe("in errors about the key itself", () => {
    it("a malformed key is never echoed, whatever it looks like (property)", () => {
      const body = fc.string({
        unit: fc.constantFrom(..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"),
        minLength: 12,
        maxLength: 40,
      });
      const wrapper = fc.constantFrom(
        (b: string) => `sk_prod_${b}`,
        (b: string) => `pk_test_${b}`,
        (b: string) => b,
        (b: string) => `Bearer sk_test_${b}`,
        (b: string) => `sk_test_${b} ${b}`,
        (b: string) => `sk_test_${b}\r\nX-Injected: ${b}`,
        (b: string) => `sk_live_${b}\u0000`,
        (b: string) => `sk_test_${b}\u00e9`,
        (b: string) => `"sk_test_${b}"`,
        (_b: string) => "sk_test_",
        (b: string) => `SK_TEST_${b}`,
      );
      fc.assert(
        fc.property(
          body,
          wrapper,
          fc.constantFrom(
            "the apiKey option",
            "stack config chatmaid:apiKey",
            "the CHATMAID_API_KEY environment variable",
          ),
          (b, wrap, source) => {
            const key = wrap(b);
            let caught: unknown;
            try {
              testClient({ apiKey: key, keySource: source, baseUrl: "http://127.0.0.1:9" });
            } catch (e) {
              caught = e;
            }
            assert.ok(caught instanceof InvalidInputError, `refused: ${JSON.stringify(key)}`);
            for (const [how, text] of Object.entries(renderings(caught))) {
              assert.ok(!text.includes(b), `${how} echoes the key body`);
            }
            assert.ok(caught.message.includes(source), "names where the key came from");
          },
        ),
        { numRuns: 400, seed: 9 },
      );
    });

    it("a key typed where a phone identifier belongs is not echoed (property), in the client and in the resource's check", async () => {
      const body = fc.string({
        unit: fc.constantFrom(..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-"),
        minLength: 12,
        maxLength: 60,
      });
      const ops = new PhoneNumberOperations({
        "chatmaid:apiKey": "sk_test_emulator",
        "chatmaid:baseUrl": "http://127.0.0.1:9",
      });
      await fc.assert(
        fc.asyncProperty(
          body,
          fc.constantFrom("sk_test_", "sk_live_"),
          fc.constantFrom("", " ", "+1 "),
          async (b, prefix, before) => {
            const key = `${before}${prefix}${b}`;
            const error = (() => {
              try {
                return id(key);
              } catch (e) {
                return e;
              }
            })();
            assert.ok(error instanceof InvalidInputError);
            for (const [how, text] of Object.entries(renderings(error)))
              assert.ok(!text.includes(b.slice(0, 12)), `${how} echoes the key: ${text}`);
            const checked = await ops.check({ identifier: key });
            assert.equal(checked.failures.length, 1);
            assert.ok(!checked.failures[0]!.reason.includes(b.slice(0, 12)), "check's failure reason echoes the key");
          },
        ),
        { numRuns: 200, seed: 11 },
      );
      assert.throws(() => id(SENTINEL), /^InvalidInputError: Phone identifier "sk_test_\[redacted\]" is not valid/);
    });

    it("a key of the wrong environment is named by source, not by value", () => {
      const error = (() => {
        try {
          resolveSettings({ config: (k) => ({ "chatmaid:apiKey": SENTINEL, "chatmaid:environment": "live" })[k] });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof InvalidInputError);
      assert.match(error.message, /stack config chatmaid:apiKey is a test key/);
      assertErrorClean(error);
    });

    it("resolved settings and readers keep the key out of their printable forms", async () => {
      const settings = resolveSettings({
        config: (k) => ({ "chatmaid:apiKey": SENTINEL, "chatmaid:baseUrl": "http://127.0.0.1:9" })[k],
      });
      assert.equal(settings.apiKey, SENTINEL, "the settings do carry it (for the client)");
      const reader = readerFor(settings);
      assertClean("a reader (inspect)", inspect(reader, { showHidden: true, depth: 10 }));
      assertClean("a reader (JSON)", JSON.stringify(reader));
      assertClean("its client (inspect)", inspect(reader.client, { showHidden: true, depth: 10 }));
    });
  });

  describe("in the resource's inputs, serialized provider and outputs", () => {
    let server: ScriptedServer;
    before(async () => {
      server = await ScriptedServer.start((req, res) => {
        const path = (req.url ?? "").split("?")[0]!;
        const record = sampleRecord({ connectionStatus: "disconnected" });
        const data =
          path === "/v1/phone-numbers"
            ? [record]
            : path.endsWith("/status")
              ? { ...record, displayName: undefined, createdAt: undefined }
              : record;
        res
          .writeHead(200, { "content-type": "application/json", "x-request-id": "req_0123456789abcdef" })
          .end(json({ success: true, data }));
      });
    });
    after(() => server.close());

    it("new PhoneNumber(...) with the key in the environment and in secret stack config: inputs and serialized provider are clean", async () => {
      let sawKey = false;
      const captured = await withEnv({ CHATMAID_API_KEY: SENTINEL }, () =>
        captureDynamicResourceInputs(() => {
          pulumi.runtime.setAllConfig({ "chatmaid:apiKey": SENTINEL, "chatmaid:baseUrl": server.url }, [
            "chatmaid:apiKey",
          ]);
          sawKey =
            pulumi.runtime.getConfig("chatmaid:apiKey") === SENTINEL && process.env.CHATMAID_API_KEY === SENTINEL;
          return new PhoneNumber("sender", { id: "+15551234567", requireConnected: false });
        }),
      );
      pulumi.runtime.setAllConfig({}, []);
      assert.ok(sawKey, "the program could read the key while the resource was built");
      assert.equal(captured.length, 1);
      const resource = captured[0]!;
      assert.equal(typeof resource.serializedProvider, "string");
      assert.ok(resource.serializedProvider!.length > 100, "the serialized provider was captured");
      assertClean("the serialized provider", resource.serializedProvider);
      assertClean("the resource's inputs", JSON.stringify(resource.inputs));
      assertClean("the resource's plain inputs", JSON.stringify(resource.plainInputs));
      assertClean("the resource's URN", resource.urn);
    });

    it("the provider's check, create, read, diff and update results are clean; its failures too", async () => {
      const config = { "chatmaid:apiKey": SENTINEL, "chatmaid:baseUrl": server.url, "chatmaid:cacheSeconds": "0" };
      const { value, output } = await capturingOutput(async () => {
        const logs: string[] = [];
        const ops = new PhoneNumberOperations(config, { log: (_severity, m) => logs.push(m) });
        const checked = await ops.check({ identifier: " +1 (555) 123-4567 " });
        const created = await ops.create(checked.inputs as { identifier: string });
        const read = await ops.read(created.id, created.outs);
        const diff = await ops.diff(created.id, created.outs, checked.inputs as { identifier: string });
        const updated = await ops.update(checked.inputs as { identifier: string });
        // requireConnected on a disconnected number: a failure reported by check, and an error from create.
        const failedCheck = await ops.check({ identifier: "+15551234567", requireConnected: true });
        const createError = await ops
          .create({ identifier: "+15551234567", requireConnected: true })
          .catch((e: unknown) => e);
        return { ops, results: [checked, created, read, diff, updated, failedCheck], createError, logs };
      });
      assert.equal(value.results[1] && (value.results[1] as { id: string }).id, "507f1f77bcf86cd799439011");
      assert.ok((value.results[5] as { failures: unknown[] }).failures.length > 0, "requireConnected failed in check");
      assert.ok(value.createError instanceof NotConnectedError);
      assertClean("the provider's results (outputs)", JSON.stringify(value.results));
      assertErrorClean(value.createError);
      assertClean("the provider's log lines", value.logs.join("\n"));
      assertClean("the operations object", inspect(value.ops, { showHidden: true, depth: 10 }));
      assertClean("stdout/stderr", output);
      assert.ok(
        server.requests.length > 0 && server.requests.every((r) => r.headers.authorization === `Bearer ${SENTINEL}`),
        "the sentinel was the key sent",
      );
    });
  });

  describe("a key from secret stack config stays a secret end to end", () => {
    let restore: () => void;
    let server: ScriptedServer;
    before(async () => {
      restore = snapshotPulumiRuntime();
      let first = true;
      server = await ScriptedServer.start((req, res) => {
        // The first list request fails once, so a retry notice is logged too.
        if (first && req.url === "/v1/phone-numbers") {
          first = false;
          res
            .writeHead(503, { "content-type": "application/json", "retry-after": "0" })
            .end(json({ statusCode: 503, message: `overloaded (${SENTINEL})` }));
          return;
        }
        const data = req.url === "/v1/phone-numbers" ? [sampleRecord()] : sampleRecord();
        res.writeHead(200, { "content-type": "application/json" }).end(json({ success: true, data }));
      });
    });
    after(async () => {
      await server.close();
      pulumi.runtime.setAllConfig({}, []);
      restore();
    });

    it("getPhoneNumbersOutput with the key only in secret config: outputs and logs are clean, config still secret", async () => {
      useMocks({
        config: { "chatmaid:apiKey": SENTINEL, "chatmaid:baseUrl": server.url },
        secretKeys: ["chatmaid:apiKey"],
      });
      const logs = captureLogs();
      try {
        const { value: result, output } = await capturingOutput(async () => settle(getPhoneNumbersOutput()));
        assert.equal(result.isKnown, true);
        assert.deepEqual(result.value!.ids, ["507f1f77bcf86cd799439011"]);
        assertClean("the function's output", JSON.stringify(result.value));
        assertClean("pulumi.log lines", JSON.stringify(logs.lines));
        assertClean("stdout/stderr", output);
        assert.ok(
          logs.lines.some(([, m]) => /retry 1/.test(m)),
          "the retry was logged (and clean)",
        );
        assert.ok(
          !logs.lines.some(([level, m]) => level === "warn" && /secret/i.test(m)),
          "no 'value is a secret' warning: the key was never read as plain config",
        );
        // Still a secret: the runtime and Config both say so.
        assert.equal(
          (pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret("chatmaid:apiKey"),
          true,
        );
        const fromConfig = await settle(new pulumi.Config("chatmaid").requireSecret("apiKey"));
        assert.equal(fromConfig.isSecret, true);
        assert.equal(fromConfig.value, SENTINEL);
        assert.ok(
          server.requests.every((r) => r.headers.authorization === `Bearer ${SENTINEL}`),
          "the sentinel was the key sent",
        );
      } finally {
        logs.restore();
      }
    });

    it("a key given as a secret Output makes the result secret, and never appears in it", async () => {
      useMocks({ config: { "chatmaid:baseUrl": server.url } });
      const result = await settle(getPhoneNumberOutput({ id: "+15551234567", apiKey: pulumi.secret(LIVE_SENTINEL) }));
      assert.equal(result.isSecret, true, "a secret input makes the whole result secret");
      assert.equal(result.value!.environment, "live");
      assertClean("the function's output", JSON.stringify(result.value));
      assert.ok(server.requests.some((r) => r.headers.authorization === `Bearer ${LIVE_SENTINEL}`));
    });
  });

  describe("in the emulator, whatever a client sends", () => {
    it("never logs or records a key sent in any header, scheme or query string", async () => {
      const lines: string[] = [];
      const emulator = await startEmulator({ log: (line) => lines.push(line) });
      const send = (path: string, headers: Record<string, string>, method = "GET"): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = http.request(`${emulator.url}${path}`, { method, headers, agent: false }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", reject);
          req.end();
        });
      try {
        const statuses: number[] = [];
        for (const authorization of [
          `Bearer ${SENTINEL}`,
          `bearer  ${SENTINEL} `,
          `Basic ${SENTINEL}`,
          `Basic ${Buffer.from(`user:${SENTINEL}`).toString("base64")}`,
          SENTINEL,
          `Token ${SENTINEL}`,
          `Bearer ${SENTINEL} extra`,
        ]) {
          statuses.push(await send("/v1/phone-numbers", { authorization }));
        }
        statuses.push(await send(`/v1/phone-numbers?api_key=${SENTINEL}`, {}));
        statuses.push(
          await send(`/v1/phone-numbers/%2B15551234567/status?key=${encodeURIComponent(SENTINEL)}`, {
            authorization: `Bearer ${SENTINEL}`,
          }),
        );
        statuses.push(await send("/v1/phone-numbers", { "x-api-key": SENTINEL, cookie: `key=${SENTINEL}` }));
        statuses.push(await send(`/_emulator/health?key=${SENTINEL}`, { authorization: `Bearer ${SENTINEL}` }));
        statuses.push(
          await send(`/v1/phone-numbers?key=${SENTINEL}`, { authorization: `Bearer ${SENTINEL}` }, "DELETE"),
        );
        assert.ok(
          statuses.every((s) => s === 401 || s === 200 || s === 405),
          `statuses ${statuses}`,
        );
        assert.equal(lines.length, statuses.length, "every request was logged");
        assertClean("the emulator's log", lines.join("\n"));
        assertClean("the emulator's recorded requests", JSON.stringify(emulator.requests));
        const recorded = await fetch(`${emulator.url}/_emulator/requests`).then((r) => r.text());
        assertClean("GET /_emulator/requests", recorded);
        assert.ok(emulator.requests.every((r) => r.keyLabel === "unknown"));
      } finally {
        await emulator.close();
      }
    });
  });
});
