import assert from "node:assert/strict";
import { backoffDelayMs, parseRetryAfterMs } from "../../../core/client/httpTransport";

describe("retry timing", () => {
  it("reads Retry-After seconds, HTTP dates and the body's retryAfter", () => {
    const now = Date.parse("2026-02-06T14:10:00.000Z");
    assert.equal(parseRetryAfterMs("3", undefined, now), 3000);
    assert.equal(parseRetryAfterMs("0.5", undefined, now), 500);
    assert.equal(parseRetryAfterMs("Fri, 06 Feb 2026 14:10:05 GMT", undefined, now), 5000);
    assert.equal(parseRetryAfterMs("Fri, 06 Feb 2026 14:09:00 GMT", undefined, now), 0);
    assert.equal(parseRetryAfterMs(null, 2, now), 2000);
    assert.equal(parseRetryAfterMs("4", 2, now), 4000, "the header wins");
    assert.equal(parseRetryAfterMs("soon", undefined, now), undefined);
    assert.equal(parseRetryAfterMs(null, undefined, now), undefined);
  });

  it("backs off exponentially with bounded jitter", () => {
    assert.equal(
      backoffDelayMs(1, () => 1),
      500,
    );
    assert.equal(
      backoffDelayMs(2, () => 1),
      1000,
    );
    assert.equal(
      backoffDelayMs(3, () => 0),
      1500,
    );
    assert.equal(
      backoffDelayMs(20, () => 1),
      8000,
    );
    for (let attempt = 1; attempt < 8; attempt++) {
      const d = backoffDelayMs(attempt);
      const base = Math.min(8000, 500 * 2 ** (attempt - 1));
      assert.ok(d >= base * 0.75 && d <= base, `attempt ${attempt}: ${d}`);
    }
  });
});
