/** The zod schemas module, for use in types without loading it. */
export type Schemas = typeof import("./apiSchemas");

/**
 * Loads the zod schemas on first use rather than at import: zod costs ~80 ms
 * to load, and importing the package should stay cheap for programs that may
 * never make a request.
 */
export function loadSchemas(): Schemas {
  return require("./apiSchemas");
}
