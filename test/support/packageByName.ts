/**
 * This repository under its package name, where a user's project has it:
 * `node_modules/@chatmaid/pulumi`. The serialized `PhoneNumber` provider
 * requires `@chatmaid/pulumi/provider` by name from the program's folder
 * (sdk/nodejs/phoneNumberShim.ts), and the tests run it from the repository's
 * root, both in the SDK's dynamic-provider plugin and in `setStackMocks`. A
 * link in the test setup stands in for the install, so package.json needs no
 * dependency on itself. The tests' `chatmaid-source` condition (.mocharc.json)
 * maps the name to the sources in the test process, one copy with the
 * relative imports; plugin processes get the build, as users do.
 */
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const LINK = path.join(ROOT, "node_modules", "@chatmaid", "pulumi");
const TARGET = path.join("..", "..");

/** Links node_modules/@chatmaid/pulumi to the repository (idempotent; `npm ci` removes it). */
export function linkPackageByName(): void {
  try {
    if (lstatSync(LINK).isSymbolicLink() && readlinkSync(LINK) === TARGET) return;
    rmSync(LINK, { recursive: true, force: true });
  } catch {
    // Not there yet.
  }
  mkdirSync(path.dirname(LINK), { recursive: true });
  try {
    symlinkSync(TARGET, LINK, "dir");
  } catch (error) {
    // Another test process made it at the same moment.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
