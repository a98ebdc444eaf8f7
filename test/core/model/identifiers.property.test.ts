/**
 * Property-based tests: no input can change the request path. Anything that
 * is not an internal ID (24 hex) or an E.164 number (after removing friendly
 * separators) is refused before any request, and what is accepted
 * round-trips through URL encoding. Checked on `parsePhoneIdentifier` alone
 * and through the real client against a loopback server that records every
 * request line it receives.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ChatmaidClient, InvalidInputError, parsePhoneIdentifier, resetSharedState } from "../../../provider";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";
import { id, testClient } from "../../support/clients";

/** What a request path may look like, and nothing else. */
const SAFE_PATH = /^\/v1\/phone-numbers\/(?:[0-9a-f]{24}|%2B[1-9][0-9]{6,14})(?:\/status)?$/;
const SAFE_SEGMENT = /^(?:[0-9a-f]{24}|%2B[1-9][0-9]{6,14})$/;
/** Characters that must never reach an error message raw: controls, format (bidi, zero-width), line/paragraph separators, lone surrogates. */
const UNSAFE_IN_MESSAGE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/** Characters an accepted input may contain: hex digits, `+`, the friendly separators, and whitespace (trimmed at the ends). */
const ALLOWED_CHARS = /^[0-9a-fA-F+\s.\-()]*$/;
const SEED = 20260206;

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const digit = fc.constantFrom(..."0123456789");
const hexChar = fc.constantFrom(..."0123456789abcdefABCDEF");

/** A valid internal ID, in mixed case. */
const internalId = fc.array(hexChar, { minLength: 24, maxLength: 24 }).map((cs) => cs.join(""));

/** A valid E.164 number: `+`, a first digit 1-9, 7 to 15 digits in all. */
const e164 = fc
  .tuple(fc.constantFrom(..."123456789"), fc.array(digit, { minLength: 6, maxLength: 14 }))
  .map(([first, rest]) => `+${first}${rest.join("")}`);

const separator = fc.constantFrom(" ", "-", ".", "(", ")", "\t", " - ", ") ", " (");
const edgeSpace = fc.constantFrom("", " ", "  ", "\t", "\n", "\u00a0", "\ufeff", "\u3000", " \r\n");

/** An E.164 number typed the way people type it: separators between digits, spaces around. */
const friendlyE164 = fc
  .tuple(e164, fc.infiniteStream(fc.option(separator, { freq: 3 })), edgeSpace, edgeSpace)
  .map(([number, seps, before, after]) => {
    let out = "";
    for (const ch of number) out += ch + (seps.next().value ?? "");
    return { input: `${before}${out}${after}`, expected: number };
  });

/** Fragments that try to change the request: traversal, encoded slashes, query, fragment, controls, bidi, lookalikes. */
const HOSTILE_FRAGMENTS = [
  "../",
  "/..",
  "..\\",
  "./",
  "/",
  "\\",
  "//",
  "%2e%2e%2f",
  "%2E%2E/",
  "..%2f",
  "%2F",
  "%2f",
  "%5C",
  "%5c",
  "%252F",
  "%25",
  "%",
  "%zz",
  "%2B",
  "%00",
  "?",
  "?x=1",
  "?admin=true",
  "#",
  "#frag",
  "&",
  "=",
  ";",
  ":",
  "@",
  "'",
  '"',
  "<",
  ">",
  "`",
  "~",
  "!",
  "*",
  "\u0000",
  "\u0007",
  "\u001b[2J",
  "\r\n",
  "\n",
  "\r",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u202e",
  "\u202d",
  "\u202a",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200e",
  "\u200f",
  "\u061c",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\u00ad",
  "\u2028",
  "\u2029",
  "\ufffd",
  "\ud800",
  "\udfff",
  "\u{1d7d9}",
  "\uff11",
  "\u0663",
  "\u06f5",
  "\uff0b",
  "\u207a",
  "x",
  "g",
  "Z",
  "_",
  ",",
  "[",
  "]",
  "{",
  "}",
  "|",
  "^",
  "$",
  "http://evil.example/",
  "//evil.example",
  "\\\\evil",
  "%0d%0aX-Injected: 1",
  "\r\nX-Injected: 1",
];
const hostileFragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/** Whitespace is trimmed at the ends (as `String.prototype.trim` does); anywhere else it is hostile. */
const isWhitespaceOnly = (fragment: string): boolean => /^\s+$/.test(fragment);

/** A valid identifier with one hostile fragment inserted (anywhere; whitespace-only fragments strictly inside): must be refused. */
const validWithHostile = fc
  .tuple(
    fc.oneof(
      internalId,
      e164,
      friendlyE164.map((f) => f.input.trim()),
    ),
    hostileFragment,
    fc.nat(),
  )
  .map(([valid, fragment, at]) => {
    const i = isWhitespaceOnly(fragment) ? 1 + (at % (valid.length - 1)) : at % (valid.length + 1);
    return valid.slice(0, i) + fragment + valid.slice(i);
  });

/** Strings built from the characters that matter here, in any order. */
const nearMiss = fc.string({
  unit: fc.constantFrom(..."0123456789abcdefABCDEF+ -.()\t/\\%?#:@xX\u202e\u0000"),
  maxLength: 70,
});

/** Huge inputs: far past any sane identifier (up to a megabyte). */
const huge = fc
  .tuple(
    fc.integer({ min: 65, max: 1_000_000 }),
    fc.constantFrom("5", "a", " ", "../", "%2F", "\u202e", "+1555"),
    fc.constantFrom("", "+", "507f1f77bcf86cd799439011"),
  )
  .map(([n, fill, prefix]) => (prefix + fill.repeat(Math.ceil(n / fill.length))).slice(0, n));

/** Every kind of input at once. */
const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: internalId, weight: 2 },
  { arbitrary: e164, weight: 2 },
  { arbitrary: friendlyE164.map((f) => f.input), weight: 2 },
  { arbitrary: validWithHostile, weight: 4 },
  { arbitrary: nearMiss, weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 80 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }), weight: 1 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: fc.constantFrom("", " ", "\t\n", "+", "()", "-", ".", "\u00a0"), weight: 1 },
  {
    arbitrary: fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
    weight: 1,
  },
);

// ---------------------------------------------------------------------------
// The property every input must satisfy
// ---------------------------------------------------------------------------

/** Asserts the contract for one input; returns the accepted identifier, or undefined when refused. */
function checkOne(input: unknown): ReturnType<typeof parsePhoneIdentifier> | undefined {
  let parsed: ReturnType<typeof parsePhoneIdentifier>;
  try {
    parsed = parsePhoneIdentifier(input as string);
  } catch (error) {
    assert.ok(
      error instanceof InvalidInputError,
      `refused with ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
    );
    assert.equal(error.code, "invalid_identifier");
    assert.match(error.message, /internal ID/);
    assert.match(error.message, /E\.164/);
    assert.ok(error.message.length < 600, `message is bounded (${error.message.length} characters)`);
    assert.doesNotMatch(
      error.message,
      UNSAFE_IN_MESSAGE,
      `message shows no raw control/bidi/invisible character: ${JSON.stringify(error.message)}`,
    );
    return undefined;
  }
  // Accepted: only a string of sane length, made only of the characters an identifier can have.
  assert.equal(typeof input, "string");
  const text = input as string;
  assert.ok(text.length <= 64, "accepted input is at most 64 characters");
  assert.match(text, ALLOWED_CHARS, `accepted input has only identifier characters: ${JSON.stringify(text)}`);
  // The segment is one of two exact shapes, and it round-trips.
  assert.match(parsed.pathSegment, SAFE_SEGMENT);
  assert.equal(decodeURIComponent(parsed.pathSegment), parsed.value);
  assert.equal(encodeURIComponent(parsed.value), parsed.pathSegment);
  assert.deepEqual(parsePhoneIdentifier(parsed.value), parsed, "normalizing is idempotent");
  assert.deepEqual(
    parsePhoneIdentifier(` ${parsed.value.toUpperCase()}\t`),
    parsed,
    "case and surrounding space do not matter",
  );
  // Nothing but separators and case were dropped from the input.
  assert.equal(text.replace(/[\s.\-()]/g, "").toLowerCase(), parsed.value);
  assert.equal(parsed.kind, parsed.value.startsWith("+") ? "e164" : "id");
  // A URL parser leaves the path exactly as built.
  for (const suffix of ["", "/status"]) {
    const path = `/v1/phone-numbers/${parsed.pathSegment}${suffix}`;
    assert.equal(new URL(`http://127.0.0.1:4010${path}`).pathname, path);
    assert.match(path, SAFE_PATH);
  }
  return parsed;
}

describe("parsePhoneIdentifier: properties", () => {
  it("every valid internal ID is accepted, lowercased, and used as the segment as is", () => {
    fc.assert(
      fc.property(internalId, edgeSpace, edgeSpace, (id, before, after) => {
        const parsed = checkOne(`${before}${id}${after}`);
        assert.deepEqual(parsed, { kind: "id", value: id.toLowerCase(), pathSegment: id.toLowerCase() });
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("every valid E.164 number, however formatted with spaces, dashes, dots and parentheses, is accepted", () => {
    fc.assert(
      fc.property(friendlyE164, ({ input, expected }) => {
        const parsed = checkOne(input);
        if (input.length > 64) {
          assert.equal(parsed, undefined, "over 64 characters is refused even when well formed");
          return;
        }
        assert.deepEqual(parsed, { kind: "e164", value: expected, pathSegment: `%2B${expected.slice(1)}` });
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it("a valid identifier with any traversal, slash, query, fragment, control, bidi or lookalike fragment is refused", () => {
    fc.assert(
      fc.property(validWithHostile, (input) => {
        assert.equal(checkOne(input), undefined, `refused: ${JSON.stringify(input)}`);
      }),
      { numRuns: 1500, seed: SEED },
    );
  });

  it("each hostile fragment on its own, doubled, and wrapped around a valid number is refused", () => {
    let cases = 0;
    for (const fragment of HOSTILE_FRAGMENTS) {
      const inside = [fragment, fragment + fragment, `+1555${fragment}1234567`, `507f1f77bcf8${fragment}6cd799439011`];
      const atEnds = isWhitespaceOnly(fragment)
        ? []
        : [`${fragment}+15551234567`, `+15551234567${fragment}`, `507f1f77bcf86cd799439011${fragment}`];
      for (const input of [...inside, ...atEnds]) {
        assert.equal(checkOne(input), undefined, `refused: ${JSON.stringify(input)}`);
        cases++;
      }
    }
    assert.ok(cases > HOSTILE_FRAGMENTS.length * 6);
  });

  it("huge strings are refused quickly with a short message", () => {
    fc.assert(
      fc.property(huge, (input) => {
        assert.equal(checkOne(input), undefined);
      }),
      { numRuns: 40, seed: SEED },
    );
  });

  it("the empty string and whitespace only are refused as empty", () => {
    for (const input of ["", " ", "\t", "\n\r", "\u00a0", "\ufeff", "\u3000 "]) {
      assert.throws(
        () => parsePhoneIdentifier(input),
        (e: unknown) => e instanceof InvalidInputError && /it is empty/.test(e.message),
      );
    }
  });

  it("no input of any type, string or not, breaks the contract (always an accepted safe segment or an InvalidInputError)", () => {
    fc.assert(
      fc.property(anyInput, (input) => void checkOne(input)),
      { numRuns: 3000, seed: SEED },
    );
  });

  it("non-strings are refused with InvalidInputError, including objects that cannot be converted to a string", () => {
    const throwing = {
      toString() {
        throw new Error("boom");
      },
    };
    for (const input of [
      undefined,
      null,
      15551234567,
      15551234567n,
      true,
      Symbol("+15551234567"),
      {},
      [],
      ["+15551234567"],
      Object.create(null),
      throwing,
      () => "+15551234567",
      new Date(NaN),
    ]) {
      assert.throws(
        () => parsePhoneIdentifier(input),
        (e: unknown) =>
          e instanceof InvalidInputError && e.code === "invalid_identifier" && /not a string/.test(e.message),
      );
    }
  });
});

// ---------------------------------------------------------------------------
// Through the real client, against a loopback server
// ---------------------------------------------------------------------------

describe("ChatmaidClient: no identifier can change the request path", () => {
  let server: ScriptedServer;
  let client: ChatmaidClient;

  before(async () => {
    resetSharedState();
    // Answer every request with a valid record for the number asked, so accepted identifiers succeed.
    server = await ScriptedServer.start((req, res) => {
      const path = (req.url ?? "").split("?")[0]!;
      const status = /\/status$/.test(path);
      const asked = decodeURIComponent(path.replace(/^\/v1\/phone-numbers\//, "").replace(/\/status$/, ""));
      const record = sampleRecord(asked.startsWith("+") ? { phoneNumber: asked } : { id: asked });
      const data = status
        ? {
            id: record.id,
            phoneNumber: record.phoneNumber,
            connectionStatus: "connected",
            lastConnectedAt: null,
            lastDisconnectedAt: null,
            updatedAt: null,
          }
        : record;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, data }));
    });
    client = testClient({
      apiKey: "sk_test_property_paths",
      baseUrl: server.url,
      maxRetries: 0,
      timeoutMs: 5000,
      maxRequestsPerMinute: 100_000,
      maxConcurrency: 16,
    });
  });

  after(async () => {
    await server.close();
    resetSharedState();
  });

  it("sends exactly one request with a safe path for each accepted input, and none for a refused one", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(anyInput, fc.boolean(), async (input, status) => {
        const before = server.requests.length;
        let expected: ReturnType<typeof parsePhoneIdentifier> | undefined;
        try {
          expected = parsePhoneIdentifier(input as string);
        } catch {
          expected = undefined;
        }
        // Identifiers are parsed at the edge: the client only ever gets parsed ones.
        if (expected === undefined) {
          assert.throws(() => id(input as string), InvalidInputError);
          assert.equal(server.requests.length, before, "a refused input sent nothing");
          refused++;
          return;
        }
        await (status ? client.getPhoneNumberStatus(expected) : client.getPhoneNumber(expected));
        const sent = server.requests.slice(before);
        assert.equal(sent.length, 1, "exactly one request");
        assert.match(sent[0]!.url, SAFE_PATH);
        assert.equal(sent[0]!.url, `/v1/phone-numbers/${expected.pathSegment}${status ? "/status" : ""}`);
        assert.equal(sent[0]!.method, "GET");
        accepted++;
      }),
      { numRuns: 600, seed: SEED },
    );
    // Both branches were really exercised.
    assert.ok(accepted >= 50, `accepted ${accepted}`);
    assert.ok(refused >= 200, `refused ${refused}`);
    for (const request of server.requests) assert.match(request.url, SAFE_PATH);
  });

  it("refuses the classic attacks before any request", async () => {
    const before = server.requests.length;
    for (const input of [
      "../../v1/admin",
      "..%2F..%2Fadmin",
      "%2e%2e",
      "+15551234567/../../x",
      "+15551234567?x=1",
      "+15551234567#x",
      "507f1f77bcf86cd799439011/status",
      "507f1f77bcf86cd799439011%2Fstatus",
      "+1555\r\nX-Injected: 1",
      "+1555\u202e7654321",
      "",
      "a".repeat(100_000),
    ]) {
      assert.throws(() => id(input), InvalidInputError);
    }
    assert.equal(server.requests.length, before);
  });
});
