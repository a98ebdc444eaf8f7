/**
 * The run-time check at the edge of `@chatmaid/pulumi/provider`: what an
 * exported constructor or function was given, against its zod schema
 * (inputSchemas.ts, loaded on first use). A value that does not fit is refused
 * with an InvalidInputError naming the parameter and field, before anything
 * is sent.
 */
import type { z } from "zod";
import { InvalidInputError } from "./errors";
import { formatPath } from "./issuePath";

/** The edge schemas module, for use in types without loading it. */
export type EdgeSchemas = typeof import("./inputSchemas");

/**
 * Checks `value`, the parameter `parameter` of `callee`, with the schema
 * `pick` selects, and returns it parsed.
 * @throws InvalidInputError naming the callee, the parameter and the first field at fault.
 */
export function checkEdge<S extends z.ZodType>(
  callee: string,
  parameter: string,
  pick: (schemas: EdgeSchemas) => S,
  value: unknown,
  hint = "",
): z.output<S> {
  const result = pick(require("./inputSchemas") as EdgeSchemas).safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = formatPath(issue.path);
  const field = path === "" ? parameter : `${parameter}${path.startsWith("[") ? "" : "."}${path}`;
  const problem = "input" in issue && issue.input === undefined ? "is missing" : issue.message;
  throw new InvalidInputError(`${callee}: ${field} ${problem}.${hint ? ` ${hint}` : ""}`, {
    code: "invalid_argument",
    origin: "argument",
  });
}
