/**
 * `npm run schema`: writes provider/cmd/pulumi-resource-chatmaid/schema.json
 * and the README's configuration table from the definitions in core/model
 * (see scripts/schema/). `--check` writes nothing and fails when either is
 * stale, as the test does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packageSchema } from "./schema/packageSchema";
import { recordDocs } from "./schema/recordDocs";
import { withSettingsTable } from "./schema/settingsTable";

const ROOT = path.join(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid", "schema.json");
export const README_FILE = path.join(ROOT, "README.md");

/** The generated files and their content. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const json = JSON.stringify(packageSchema(recordDocs()), null, 2);
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  return {
    [SCHEMA_FILE]: await prettier.format(json, { ...options, filepath: SCHEMA_FILE }),
    // The README is written by hand around the table (Prettier leaves it alone).
    [README_FILE]: withSettingsTable(readFileSync(README_FILE, "utf8")),
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [file, text] of Object.entries(await generatedFiles())) {
    if (readFileSync(file, "utf8") === text) continue;
    stale.push(path.relative(ROOT, file));
    if (!check) writeFileSync(file, text);
  }
  if (check && stale.length > 0) {
    console.error(`Stale: ${stale.join(", ")}. Run \`npm run schema\`.`);
    process.exitCode = 1;
  } else console.error(stale.length > 0 ? `schema: wrote ${stale.join(", ")}` : "schema: up to date");
}

if (require.main === module) void main();
