/**
 * schema.json and the README's configuration table are what `npm run schema`
 * makes of the definitions in core/model today; a stale file fails here. And
 * the generator really reads them: a field without documentation is refused.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generatedFiles, README_FILE, SCHEMA_FILE } from "../../scripts/schema";
import { recordDocs } from "../../scripts/schema/recordDocs";
import { settingsTable } from "../../scripts/schema/settingsTable";
import { SETTINGS } from "../../core/model/settings";

describe("generated schema.json and settings table (npm run schema)", () => {
  it("schema.json and README.md are up to date with core/model", async () => {
    const files = await generatedFiles();
    for (const file of [SCHEMA_FILE, README_FILE]) {
      assert.ok(
        files[file] === readFileSync(file, "utf8"),
        `${path.basename(file)} is stale against core/model: run \`npm run schema\``,
      );
    }
  });

  it("gives each record field its TSDoc, one line per field", () => {
    const docs = recordDocs();
    assert.equal(docs.lastConnectedAt, "ISO time of the last connection, or `null` if it never connected.");
    assert.ok(Object.values(docs).every((doc) => doc.length > 0 && !doc.includes("\n")));
  });

  it("refuses a record field without documentation, naming it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chatmaid-schema-"));
    try {
      const file = path.join(dir, "phoneNumberRecord.ts");
      const source = readFileSync(path.join(__dirname, "..", "..", "core", "model", "phoneNumberRecord.ts"), "utf8");
      const undocumented = source.replace(
        /\/\*\* ISO time of the last connection[^*]*\*\/\n(\s+readonly lastConnectedAt)/,
        "$1",
      );
      assert.notEqual(undocumented, source);
      writeFileSync(file, undocumented);
      assert.throws(() => recordDocs(file), /no TSDoc for the record field\(s\) lastConnectedAt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("puts one row per setting in the README table, with its config key and variable", () => {
    const rows = settingsTable().split("\n").slice(2);
    assert.equal(rows.length, Object.keys(SETTINGS).length);
    for (const [i, setting] of Object.values(SETTINGS).entries()) {
      assert.ok(rows[i]!.startsWith(`| \`${setting.config}\` | \`${setting.env}\` |`), rows[i]);
    }
  });
});
