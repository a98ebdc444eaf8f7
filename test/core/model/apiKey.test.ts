import assert from "node:assert/strict";
import { environmentOfKey } from "../../../core/model/apiKey";
import { InvalidInputError } from "../../../provider";

describe("environmentOfKey", () => {
  it("reads the environment from the prefix", () => {
    assert.equal(environmentOfKey("sk_test_abc"), "test");
    assert.equal(environmentOfKey("sk_live_abc"), "live");
  });

  for (const bad of ["pk_test_abc", "sk_test_", "sk_prod_abc", "", "sk_test_a b", "sk_test_a\nX-Evil: 1"]) {
    it(`refuses ${JSON.stringify(bad)} without echoing it`, () => {
      assert.throws(
        () => environmentOfKey(bad, "the CHATMAID_API_KEY environment variable"),
        (e: unknown) =>
          e instanceof InvalidInputError &&
          e.message.includes("CHATMAID_API_KEY") &&
          (bad.length < 4 || bad === "sk_test_" || !e.message.includes(bad)) &&
          !JSON.stringify(e).includes(bad || "\u0000"),
      );
    });
  }
});
