/**
 * The serialized `PhoneNumber` provider (sdk/nodejs/phoneNumberShim.ts) finds
 * the package the way ARCHITECTURE.md says: by its name, from the program's
 * folder, so state holds no path of this machine and the engine runs
 * whatever version the project has installed now.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { phoneNumberProvider } from "../../../sdk/nodejs/phoneNumberShim";
import { resolvingByNodeModules } from "../../support/packageByName";
import { serializeDynamicProvider } from "../../support/serializedProvider";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Evaluates a serialized provider with module paths from `folder`, as the dynamic-provider plugin does from the program's. */
function loadFrom(folder: string, text: string): pulumi.dynamic.ResourceProvider {
  const internals = Module as unknown as { _nodeModulePaths(from: string): string[] };
  // Named inside `folder`: Node caches a resolution by the requiring module's folder, and the
  // dynamic-provider loaders' unnamed modules would otherwise share this one's answers.
  const filename = path.join(folder, "serialized-provider.js");
  const m = new Module(filename, undefined) as Module & { _compile(code: string, filename: string): void };
  m.filename = filename;
  m.paths = internals._nodeModulePaths(folder);
  m._compile(text, filename);
  return (m.exports as { handler(): pulumi.dynamic.ResourceProvider }).handler();
}

describe("the serialized PhoneNumber provider", () => {
  let serialized: string;
  before(async () => {
    serialized = await serializeDynamicProvider(phoneNumberProvider);
  });

  it("requires the package by name and nothing by path", () => {
    const required = [...serialized.matchAll(/require\(["'`]([^"'`]+)["'`]\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)], ["@chatmaid/pulumi/provider"]);
    assert.ok(!serialized.includes(ROOT), "the serialized provider names this machine's checkout");
  });

  it("runs the version installed where the program is, not the one that wrote the state", async () => {
    const project = mkdtempSync(path.join(tmpdir(), "chatmaid-shim-"));
    try {
      // Another release of the package, as npm installs it: its own exports map and provider entry.
      const installed = path.join(project, "node_modules", "@chatmaid", "pulumi");
      mkdirSync(path.join(installed, "dist"), { recursive: true });
      writeFileSync(
        path.join(installed, "package.json"),
        JSON.stringify({ name: "@chatmaid/pulumi", version: "9.9.9", exports: { "./provider": "./dist/provider.js" } }),
      );
      writeFileSync(
        path.join(installed, "dist", "provider.js"),
        `exports.readProviderConfig = (config) => ({ from: "9.9.9", key: config.get("chatmaid:apiKey") });
         exports.dynamicProviderOperations = (config) => ({ check: async () => ({ inputs: config, failures: [] }) });`,
      );
      // The test process maps the name to the sources (test/support/packageByName.ts); the plugin process does not.
      const result = await resolvingByNodeModules(async () => {
        const provider = loadFrom(project, serialized);
        await provider.configure!({ config: { get: (key: string) => `${key}-value` } } as never);
        return provider.check!({}, { identifier: "+15551234567" });
      });
      assert.deepEqual(result.inputs, { from: "9.9.9", key: "chatmaid:apiKey-value" });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
