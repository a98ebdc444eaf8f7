/**
 * The documentation of the record's fields, read from their declarations in
 * core/model/phoneNumberRecord.ts with the TypeScript compiler: the TSDoc an
 * editor shows is the text schema.json gives every language.
 */
import * as path from "node:path";
import ts from "typescript";
import { RECORD_FIELDS, type RecordField } from "../../core/model/phoneNumberRecord";
import type { RecordDocs } from "./packageSchema";

const RECORD_FILE = path.join(__dirname, "..", "..", "core", "model", "phoneNumberRecord.ts");
const INTERFACES = ["PhoneNumberStatusRecord", "PhoneNumberRecord"];

/** Each field's TSDoc as one line. Throws naming any field without one. */
export function recordDocs(file = RECORD_FILE): RecordDocs {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.ES2022, true);
  const docs: Partial<Record<string, string>> = {};
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !INTERFACES.includes(node.name.text)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const text = ts
        .getJSDocCommentsAndTags(member)
        .filter(ts.isJSDoc)
        .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
        .join(" ");
      docs[member.name.text] = text.replace(/\s+/g, " ").trim();
    }
  });
  const missing = RECORD_FIELDS.filter((field) => !docs[field]);
  if (missing.length > 0)
    throw new Error(`${file}: no TSDoc for the record field(s) ${missing.join(", ")}; document each field.`);
  return Object.fromEntries(RECORD_FIELDS.map((field) => [field, docs[field]!])) as Record<RecordField, string>;
}
