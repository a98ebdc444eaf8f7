/**
 * Pulumi YAML's number form of an E.164 number: the plugin restores the `+`
 * for whole numbers of 7 to 15 digits in identifier fields, and leaves
 * everything else for the usual validation to judge.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { numberAsE164, withE164Numbers } from "../../../provider/plugin/yamlNumbers";
import { parsePhoneIdentifier } from "../../../core/model/identifiers";

describe("plugin: YAML's numbers as E.164", () => {
  it("turns 15551234567 into +15551234567, and every restored number parses as that E.164 number", () => {
    assert.equal(numberAsE164(15551234567), "+15551234567");
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 999_999_999_999_999 }), (n) => {
        const restored = numberAsE164(n) as string;
        assert.equal(restored, `+${n}`);
        assert.equal(parsePhoneIdentifier(restored).value, `+${n}`);
      }),
    );
  });

  it("leaves strings, fractions, negatives, too short or too long numbers, and other values alone", () => {
    for (const value of ["+15551234567", "507f1f77bcf86cd799439011", 1555.5, -15551234567, 999_999, 1e15, true, null]) {
      assert.equal(numberAsE164(value), value);
    }
  });

  it("applies to the named fields only, and to each element of a list", () => {
    assert.deepEqual(
      withE164Numbers({ id: 15551234567, required: [15552345678, "+15553456789"], waitForConnectedSeconds: 30 }, [
        "id",
        "required",
      ]),
      { id: "+15551234567", required: ["+15552345678", "+15553456789"], waitForConnectedSeconds: 30 },
    );
  });
});
