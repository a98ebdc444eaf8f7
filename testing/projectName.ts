import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The project name when the working directory has no Pulumi project file. */
export const FALLBACK_PROJECT = "chatmaid-example";

/** Project files Pulumi reads, in the order it looks for them. */
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/**
 * The `name:` of the Pulumi project in `dir` (`Pulumi.yaml`, else
 * `Pulumi.yml`), so `new pulumi.Config()` in the program reads the same keys
 * as under `pulumi up`; {@link FALLBACK_PROJECT} when there is no such file.
 * A file that cannot be parsed or has no name throws, naming the file: the
 * Pulumi CLI would refuse it too, and a silent fallback would make every
 * project config key read as unset.
 */
export function projectNameIn(dir: string): string {
  const file = PROJECT_FILES.map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (file === undefined) return FALLBACK_PROJECT;
  // Loaded only here: most test runs pass `project` or have no project file.
  const { parse } = require("yaml") as typeof import("yaml");
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`setStackMocks: cannot read the project name from ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const name = (document as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new Error(`setStackMocks: ${file} has no project name (a "name:" line); pass the "project" option instead`);
  }
  return name.trim();
}
