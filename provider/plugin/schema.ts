/**
 * The package schema served by GetSchema: `schema.json` of the plugin's
 * folder (provider/cmd/pulumi-resource-chatmaid/), or its copy beside the
 * release bundle, read once.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Where schema.json is: beside the release bundle (scripts/pluginRelease.ts puts it
 * there), from the sources (ts-node) or from the build (dist/provider/plugin/).
 */
const CANDIDATES = [
  path.join(__dirname, "schema.json"),
  path.join(__dirname, "..", "cmd", "pulumi-resource-chatmaid", "schema.json"),
  path.join(__dirname, "..", "..", "..", "provider", "cmd", "pulumi-resource-chatmaid", "schema.json"),
];

let text: string | undefined;

/** The schema as JSON text. */
export function schemaText(): string {
  text ??= readFileSync(schemaPath(), "utf8");
  return text;
}

/** The path of schema.json. */
export function schemaPath(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    `schema.json was not found next to the chatmaid provider plugin (looked in ${CANDIDATES.join(", ")}).`,
  );
}
