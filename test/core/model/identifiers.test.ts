import assert from "node:assert/strict";
import { InvalidInputError, parsePhoneIdentifier } from "../../../provider";

describe("parsePhoneIdentifier", () => {
  it("accepts an internal ID and lowercases it", () => {
    assert.deepEqual(parsePhoneIdentifier("507F1F77BCF86CD799439011"), {
      kind: "id",
      value: "507f1f77bcf86cd799439011",
      pathSegment: "507f1f77bcf86cd799439011",
    });
  });

  it("accepts E.164 and URL-encodes the plus", () => {
    assert.deepEqual(parsePhoneIdentifier("+15551234567"), {
      kind: "e164",
      value: "+15551234567",
      pathSegment: "%2B15551234567",
    });
  });

  it("normalizes friendly formatting", () => {
    assert.equal(parsePhoneIdentifier(" +1 (555) 123-4567 ").value, "+15551234567");
    assert.equal(parsePhoneIdentifier("+44.20.7946.0958").value, "+442079460958");
  });

  it("accepts the E.164 length bounds and no more", () => {
    assert.equal(parsePhoneIdentifier("+1234567").value, "+1234567"); // 7 digits
    assert.equal(parsePhoneIdentifier("+123456789012345").value, "+123456789012345"); // 15 digits
    assert.throws(() => parsePhoneIdentifier("+123456"), InvalidInputError);
    assert.throws(() => parsePhoneIdentifier("+1234567890123456"), InvalidInputError);
    assert.throws(() => parsePhoneIdentifier("+0155512345"), InvalidInputError);
  });

  for (const bad of [
    "",
    "   ",
    "abc",
    "507f1f77bcf86cd79943901",
    "507f1f77bcf86cd7994390112",
    "../admin",
    "+1555/123",
    "%2B15551234567",
    "+1555?x=1",
    "+1555#a",
    "507f1f77bcf86cd79943901g",
    "+1555\u202e1234567",
  ]) {
    it(`refuses ${JSON.stringify(bad)} with a clear error`, () => {
      assert.throws(
        () => parsePhoneIdentifier(bad),
        (e: unknown) =>
          e instanceof InvalidInputError &&
          e.code === "invalid_identifier" &&
          /internal ID/.test(e.message) &&
          /E\.164/.test(e.message),
      );
    });
  }

  it("asks for the country code when a number lacks the +, without guessing one", () => {
    // +5551234567 would be a number in another country, not a fix.
    assert.throws(
      () => parsePhoneIdentifier("5551234567"),
      (e: unknown) => !(e as Error).message.includes("+5551234567"),
    );
    for (const input of ["15551234567", "5551234567"]) {
      assert.throws(
        () => parsePhoneIdentifier(input),
        (e: unknown) =>
          e instanceof InvalidInputError &&
          /no leading \+ and country code/.test(e.message) &&
          !/did you mean/.test(e.message),
      );
    }
  });

  it("escapes control and bidirectional characters in the message", () => {
    assert.throws(
      () => parsePhoneIdentifier("+1555\u202e\u0007"),
      (e: unknown) => e instanceof Error && !/[\u202e\u0007]/.test(e.message) && /\\u202e/.test(e.message),
    );
  });

  it("refuses non-strings", () => {
    assert.throws(() => parsePhoneIdentifier(15551234567 as unknown as string), InvalidInputError);
    assert.throws(() => parsePhoneIdentifier(undefined), InvalidInputError);
  });
});
