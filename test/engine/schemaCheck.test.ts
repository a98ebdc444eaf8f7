/**
 * The plugin's schema bound by the real CLI (`pulumi schema check`), with
 * Pulumi's own binder and metaschema: the committed schema passes, and a copy
 * broken on purpose fails, so the check cannot pass by checking nothing.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { EngineWorkspace } from "./support/engineWorkspace";
import { ENGINE_TIMEOUT_MS } from "./support/scenario";
import { ROOT } from "../support/pulumiToolchain";

const SCHEMA = path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid", "schema.json");

describe("engine: pulumi schema check on the plugin's schema", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let ws: EngineWorkspace;
  before(() => {
    ws = new EngineWorkspace();
  });
  after(() => ws?.dispose());

  it("passes for schema.json", async () => {
    await ws.expectPulumi(ws.root, ["schema", "check", SCHEMA]);
  });

  it("fails for a copy with a dangling type reference, naming it", async () => {
    const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as {
      functions: Record<string, { outputs: { properties: Record<string, { items?: { $ref?: string } }> } }>;
    };
    const list = schema.functions["chatmaid:index:getPhoneNumbers"]!.outputs.properties.phoneNumbers!;
    list.items = { $ref: "#/types/chatmaid:index:NoSuchType" };
    const broken = path.join(ws.root, "broken.json");
    writeFileSync(broken, JSON.stringify(schema));
    const check = await ws.pulumi(ws.root, ["schema", "check", broken]);
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /chatmaid:index:NoSuchType not found/);
  });
});
