/** Where a zod issue is, as people write it: shared by the checks of inputs and of responses. */

/** `["data", 3, "id"]` -> `data[3].id`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    "",
  );
}
