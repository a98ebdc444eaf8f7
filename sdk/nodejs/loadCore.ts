import type * as Arguments from "../../core/phoneNumbers/arguments";
import type * as Queries from "../../core/phoneNumbers/queries";
import type * as Program from "./programSettings";

/** What a function call needs: argument parsing, the queries, and the program's settings and log. */
export type Core = typeof Arguments & typeof Queries & typeof Program;

let core: Core | undefined;

/**
 * Loads the provider core on the first function call rather than at import:
 * a program pays for the client only when it reads a number.
 */
export function loadCore(): Core {
  core ??= {
    ...(require("../../core/phoneNumbers/arguments") as typeof Arguments),
    ...(require("../../core/phoneNumbers/queries") as typeof Queries),
    ...(require("./programSettings") as typeof Program),
  };
  return core;
}
