import * as path from "node:path";
import { styleFor } from "../cli/output";
import { renderRecords } from "../cli/table";
import type { PhoneNumberRecord } from "../core/model/phoneNumberRecord";
import { setStackMocks, stackOutputs, type MockedResource } from "../testing/stackMocks";

const EXAMPLE = path.join("examples", "basic", "index.ts");

/**
 * Runs examples/basic under the mock runtime: functions call the emulator,
 * `PhoneNumber` runs its real provider, other resources are simulated. Prints
 * the numbers, the validation of each required number and the outputs.
 * @returns the exit code: 0 when every required number passed.
 */
export async function runUnderMocks(root: string, emulatorUrl: string): Promise<number> {
  // The example is TypeScript, as a Pulumi program is; the Pulumi CLI would compile it the same way.
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  const mocks = setStackMocks({ config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulatorUrl } });
  const program = require(path.join(root, EXAMPLE)) as Record<string, unknown>;
  // A refused PhoneNumber fails the program, as `pulumi up` would; the validation below still says why.
  const outputs = await stackOutputs(program).catch((): Record<string, unknown> => ({}));

  const style = styleFor(process.stdout, process.env);
  const numbers = (outputs.phoneNumbers ?? []) as PhoneNumberRecord[];
  console.log(`\nPhone numbers in the account (${outputs.environment ?? "test"} environment):`);
  process.stdout.write(
    renderRecords(
      numbers.map((record) => ({ record })),
      ["number", "name", "status", "lastConnected"],
      style,
    ),
  );

  const required = mocks.resources.filter((r) => r.type.endsWith(":PhoneNumber"));
  console.log("\nDeploy-time validation (PhoneNumber resources):");
  for (const resource of required) console.log(validationLine(resource, style.green("ok"), style.red("FAILED")));

  console.log("\nStack outputs:");
  for (const [name, value] of Object.entries(outputs)) {
    const shown = name === "phoneNumbers" && Array.isArray(value) ? `[${value.length} numbers]` : JSON.stringify(value);
    console.log(`  ${name}: ${shown}`);
  }
  return required.every((r) => r.error === undefined) ? 0 : 1;
}

function validationLine(resource: MockedResource, ok: string, failed: string): string {
  if (resource.error !== undefined) return `  ${failed} ${resource.name}: ${resource.error.replace(/\n/g, "\n      ")}`;
  const s = resource.state;
  const name = s.displayName ? ` (${String(s.displayName)})` : "";
  return `  ${ok} ${resource.name}: ${String(s.phoneNumber)}${name} is ${String(s.connectionStatus)}${s.requireConnected ? ", as required" : ""} [id ${String(s.phoneId)}]`;
}
