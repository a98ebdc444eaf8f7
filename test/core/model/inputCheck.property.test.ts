/**
 * `@chatmaid/pulumi/provider`'s exported constructors and functions check
 * what they are given at run time, since JavaScript callers and `any` exist:
 * a malformed or partial object is refused naming the field, before any
 * request. Then a property: over option objects, well formed or not, against
 * a loopback server answering adversarially (429 with any Retry-After, 5xx,
 * too slow), the requests made and the time taken are bounded by
 * `maxRetries` and the timeout, whatever the server answers.
 */
import assert from "node:assert/strict";
import type * as http from "node:http";
import fc from "fast-check";
import {
  ChatmaidClient,
  ChatmaidError,
  ensureConnected,
  InvalidInputError,
  isConnected,
  parsePhoneIdentifier,
  PhoneNumberOperations,
  PhoneNumberReader,
  RateLimitError,
  readerFor,
  readProviderConfig,
  resetSharedState,
  resolveSettings,
  waitUntilConnected,
  type PhoneIdentifier,
  type PhoneNumberRecord,
  type ResolvedSettings,
} from "../../../provider";
import { ScriptedServer, type ScriptedAnswer } from "../../support/scriptedServer";

const KEY = "sk_test_edgeproperty1234";
const SEED = 20260207;

/** Every field of resolved settings, as a plain object, as a JavaScript caller would write it. */
function plainSettings(baseUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiKey: KEY,
    keySource: "the test's settings",
    baseUrl,
    environment: "test",
    maxRequestsPerMinute: 100_000,
    maxRetries: 2,
    timeoutMs: 500,
    cacheTtlMs: 0,
    ...overrides,
  };
}

/** Builds the client as JavaScript can: any object at all. */
const clientOf = (settings: unknown): ChatmaidClient => new ChatmaidClient(settings as ResolvedSettings);

const statusBody = {
  success: true,
  data: {
    id: "507f1f77bcf86cd799439011",
    phoneNumber: "+15551234567",
    connectionStatus: "connected",
    lastConnectedAt: null,
    lastDisconnectedAt: null,
    updatedAt: null,
  },
};

const rateLimited = (retryAfter: string): ScriptedAnswer => ({
  status: 429,
  headers: { "retry-after": retryAfter },
  body: { success: false, error: { code: "rate_limited", message: "slow down" } },
});

describe("provider: the public surface checks its input", function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  beforeEach(async () => {
    resetSharedState();
    server = await ScriptedServer.start(rateLimited("0"));
  });
  afterEach(() => server.close());

  it("refuses the issue's plain { apiKey, baseUrl, timeoutMs } naming the first missing field, before any request", () => {
    assert.throws(
      () => clientOf({ apiKey: KEY, baseUrl: server.url, timeoutMs: 1000 }),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        /^new ChatmaidClient: settings\.keySource is missing\. Build the settings with resolveSettings\(\.\.\.\)\.$/.test(
          e.message,
        ),
    );
    for (const field of ["maxRetries", "timeoutMs", "maxRequestsPerMinute", "cacheTtlMs", "environment"]) {
      const settings = plainSettings(server.url, { [field]: undefined });
      assert.throws(
        () => clientOf(settings),
        new RegExp(`^InvalidInputError: new ChatmaidClient: settings\\.${field} is missing`),
      );
    }
    assert.throws(() => clientOf(plainSettings(server.url, { maxRetries: Infinity })), /settings\.maxRetries /);
    assert.throws(() => clientOf(plainSettings(server.url, { timeoutMs: "30" })), /settings\.timeoutMs /);
    assert.throws(
      () => clientOf(plainSettings(server.url, { environment: "live" })),
      /settings\.environment does not match/,
    );
    assert.throws(() => clientOf(plainSettings("http://example.com")), /plain http/i);
    assert.throws(() => clientOf(null), /new ChatmaidClient: settings /);
    assert.equal(server.requests.length, 0);
  });

  for (const retryAfter of ["0", "1"]) {
    it(`a complete plain object against 429 with Retry-After: ${retryAfter} stops after maxRetries with a RateLimitError`, async () => {
      server.respond(rateLimited(retryAfter));
      const client = clientOf(plainSettings(server.url, { maxRetries: 1 }));
      const started = Date.now();
      await assert.rejects(client.getPhoneNumberStatus(parsePhoneIdentifier("+15551234567")), RateLimitError);
      assert.equal(server.requests.length, 2, "the first attempt and one retry");
      assert.ok(Date.now() - started < 1000 * Number(retryAfter) + 2000);
      assert.equal(JSON.stringify(client.settings).includes(KEY), false, "the key stays hidden");
    });
  }

  it("refuses malformed arguments to every other exported constructor and function, naming the field", async () => {
    const settings = resolveSettings({ explicit: { apiKey: KEY, baseUrl: server.url }, env: {} });
    const reader = readerFor(settings);
    const poll = async (r: PhoneNumberRecord): Promise<PhoneNumberRecord> => r;
    const cases: Array<[() => unknown, RegExp]> = [
      [() => readerFor({ apiKey: KEY } as never), /^new ChatmaidClient: settings\.keySource is missing/],
      [() => readerFor(settings, { maxConcurrency: 0 }), /^new ChatmaidClient: hooks\.maxConcurrency /],
      [() => new PhoneNumberReader({} as never), /^new PhoneNumberReader: client must be a ChatmaidClient/],
      [() => resolveSettings("sk_test_x" as never), /^resolveSettings: sources /],
      [() => resolveSettings({ explicit: { apiKey: {} } } as never), /^resolveSettings: sources\.explicit\.apiKey /],
      [() => isConnected(undefined as never), /^isConnected: record\.connectionStatus must be a string/],
      [() => readProviderConfig({} as never), /^readProviderConfig: config\.get is missing/],
      [() => new PhoneNumberOperations("chatmaid" as never), /^new PhoneNumberOperations: config /],
      [() => new PhoneNumberOperations({}, { log: "stdout" } as never), /^new PhoneNumberOperations: options\.log /],
      [() => client().getPhoneNumber(42 as never), /^ChatmaidClient\.getPhoneNumber: id must be a phone identifier/],
      [
        () => client().listPhoneNumbers({ signal: "stop" } as never),
        /^ChatmaidClient\.listPhoneNumbers: options\.signal /,
      ],
      // A poll interval of 0 would poll without pause for the whole wait.
      [
        () => waitUntilConnected([], { waitMs: 1000, poll, firstIntervalMs: 0 }),
        /^waitUntilConnected: options\.firstIntervalMs /,
      ],
      [() => waitUntilConnected([], { waitMs: Infinity, poll }), /^waitUntilConnected: options\.waitMs /],
      [() => waitUntilConnected([], { waitMs: 10 } as never), /^waitUntilConnected: options\.poll is missing/],
      [
        () => waitUntilConnected([{}] as never, { waitMs: 0, poll }),
        /^waitUntilConnected: records\[0\]\.id is missing/,
      ],
      [() => ensureConnected({} as never, []), /^ensureConnected: reader must be a PhoneNumberReader/],
      [() => ensureConnected(reader, [], { waitSeconds: -1 }), /^ensureConnected: options\.waitSeconds /],
    ];
    function client(): ChatmaidClient {
      return reader.client;
    }
    for (const [call, message] of cases) {
      await assert.rejects(
        async () => call(),
        (e: unknown) => e instanceof InvalidInputError && message.test(e.message),
        String(message),
      );
    }
    assert.equal(server.requests.length, 0);
  });

  it("rebuilds a hand-made identifier from its value, so its path segment cannot leave the phone-numbers path", async () => {
    server.respond({ status: 200, body: statusBody });
    const client = clientOf(plainSettings(server.url));
    const forged = { kind: "e164", value: "+15551234567", pathSegment: "../../admin" } as PhoneIdentifier;
    await client.getPhoneNumberStatus(forged);
    assert.equal(server.requests[0]!.url, "/v1/phone-numbers/%2B15551234567/status");
  });
});

// ---------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------

/** A server's answer: the kinds a misbehaving or overloaded API gives. */
type Answer = { kind: "429"; retryAfter: string } | { kind: "5xx"; status: number } | { kind: "slow" } | { kind: "ok" };

/** Retry-After values: zero, short, fractional, dates, garbage, negative, and beyond the client's 60 s cap. */
const retryAfter = fc.oneof(
  fc.constantFrom("0", "1", "0.2", "-5", "soon", "1, 2", "", "120", "99999999999"),
  fc.constant("date").map(() => new Date(Date.now() + 500).toUTCString()),
  fc.integer({ min: 0, max: 1 }).map(String),
);

const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 4, arbitrary: retryAfter.map((value) => ({ kind: "429" as const, retryAfter: value })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(500, 502, 503, 504, 408).map((status) => ({ kind: "5xx" as const, status })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "slow" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "ok" as const }) },
);

/** How long a slow answer takes: longer than any timeout generated below. */
const SLOW_MS = 450;

function scripted(a: Answer): ScriptedAnswer {
  switch (a.kind) {
    case "429":
      return rateLimited(a.retryAfter);
    case "5xx":
      return { status: a.status, body: { success: false, error: { code: "server_error", message: "boom" } } };
    case "ok":
      return { status: 200, body: statusBody };
    case "slow":
      return (_req: http.IncomingMessage, res: http.ServerResponse) => {
        setTimeout(
          () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(statusBody)),
          SLOW_MS,
        );
      };
  }
}

/** A field's value: mostly a good one, sometimes missing or malformed, as JavaScript allows. */
function field<T>(good: fc.Arbitrary<T>, bad: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 10, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
}

const optionObject = fc.record({
  apiKey: field(fc.constant(KEY), [undefined, "", "pk_live_x", 42]),
  keySource: field(fc.constant("the property's settings"), [undefined, ""]),
  environment: field(fc.constant("test"), [undefined, "live", "prod"]),
  maxRequestsPerMinute: field(fc.constant(100_000), [undefined, 0, -1, Number.NaN, Infinity, "100"]),
  maxRetries: field(fc.integer({ min: 0, max: 2 }), [undefined, -1, 1.5, 11, Number.NaN, Infinity, "3", null]),
  timeoutMs: field(fc.integer({ min: 50, max: 300 }), [undefined, 0, -5, Number.NaN, Infinity, "100", 10 ** 9]),
  cacheTtlMs: field(fc.constant(0), [undefined, -1, Number.NaN]),
  baseUrlSuffix: fc.constantFrom("", "/", "/v1"),
});

describe("provider: requests and time are bounded by maxRetries and the timeout, whatever the server answers", function () {
  this.timeout(120_000);

  it("holds for option objects, well formed or not, against 429 with any Retry-After, 5xx and slow answers", async () => {
    await fc.assert(
      fc.asyncProperty(optionObject, fc.array(answer, { minLength: 1, maxLength: 4 }), async (options, answers) => {
        resetSharedState();
        const server = await ScriptedServer.start(...answers.map(scripted));
        try {
          const { baseUrlSuffix, ...fields } = options;
          const settings = { ...fields, baseUrl: server.url + baseUrlSuffix };
          let client: ChatmaidClient;
          try {
            client = clientOf(settings);
          } catch (error) {
            // Refused: said which field, and nothing was sent.
            assert.ok(error instanceof InvalidInputError, String(error));
            assert.match(error.message, /^new ChatmaidClient: settings\.\w+ /);
            assert.equal(server.requests.length, 0);
            return;
          }
          const maxRetries = fields.maxRetries as number;
          const timeoutMs = fields.timeoutMs as number;
          const started = Date.now();
          const outcome = await client.getPhoneNumberStatus(parsePhoneIdentifier("+15551234567")).then(
            () => "ok",
            (error: unknown) => error,
          );
          const took = Date.now() - started;
          if (outcome !== "ok") {
            assert.ok(outcome instanceof ChatmaidError, `not a ChatmaidError: ${String(outcome)}`);
            if ((outcome as ChatmaidError).status === 429) assert.ok(outcome instanceof RateLimitError);
          }
          assert.ok(
            server.requests.length <= maxRetries + 1,
            `${server.requests.length} requests with maxRetries ${maxRetries}`,
          );
          // Each attempt lasts at most the timeout; each pause at most 1 s here (the generated
          // Retry-After values the client honours, and the first two backoff steps).
          const bound = (maxRetries + 1) * timeoutMs + maxRetries * 1000 + 1500;
          assert.ok(took <= bound, `took ${took} ms, bound ${bound} ms`);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 24, seed: SEED, endOnFailure: true },
    );
  });
});
