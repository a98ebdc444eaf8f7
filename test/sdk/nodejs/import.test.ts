import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

describe("importing the package", () => {
  it("loads from plain Node (dist/) without ts-node, and defers zod until a response is validated", () => {
    const script = `
      const chatmaid = require("@chatmaid/pulumi");
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({
        exports: Object.keys(chatmaid).sort(),
        zod: loaded.some((f) => f.includes("/node_modules/zod/")),
        tsNode: loaded.some((f) => f.includes("/node_modules/ts-node/")),
      }));`;
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd: path.join(__dirname, "..", "..", ".."),
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim());
    for (const name of [
      "getPhoneNumbers",
      "getPhoneNumbersOutput",
      "getPhoneNumber",
      "getPhoneNumberOutput",
      "getPhoneNumberStatus",
      "getPhoneNumberStatusOutput",
      "PhoneNumber",
      "ChatmaidError",
      "NotConnectedError",
    ]) {
      assert.ok(result.exports.includes(name), `exports ${name}`);
    }
    assert.equal(result.zod, false);
    assert.equal(result.tsNode, false);
  });
});
