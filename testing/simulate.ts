import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Plausible outputs for a resource the mocks do not run: stable per name and
 * inputs, with the computed fields of the random resources the examples use.
 */
export function simulate(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
  const digest = createHash("sha256")
    .update(`${args.name}\n${JSON.stringify(args.inputs)}`)
    .digest();
  if (args.type === "random:index/randomId:RandomId") {
    const bytes = digest.subarray(0, Number(args.inputs.byteLength ?? 8));
    return {
      id: bytes.toString("base64url"),
      state: { ...args.inputs, hex: bytes.toString("hex"), b64Url: bytes.toString("base64url") },
    };
  }
  return { id: `${args.name}-id`, state: args.inputs };
}
