/**
 * The curl commands in emulator/README.md, run against a real emulator: each
 * must succeed as written, so none misses the content type the control
 * routes require.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useEmulator } from "./helpers";

const README = readFileSync(join(__dirname, "../../emulator/README.md"), "utf8");

/** Every curl command in a ```sh block, with `\` continuations joined, split into arguments (single or double quotes). */
function curlCommands(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ""));
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("curl "))
    .map((line) => [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!));
}

/** Runs curl with `args`, printing only the status code; bounded in time. */
function curlStatus(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("curl", [...args, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5"], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

describe("emulator: README curl commands", () => {
  const emulator = useEmulator();
  const commands = curlCommands(README);

  it("send the JSON content type whenever they POST, PUT or DELETE a control route", () => {
    const changing = commands.filter((args) => args.includes("-X") && args.some((a) => a.includes("/_emulator/")));
    assert.ok(changing.length >= 4, `found ${changing.length}`);
    for (const args of changing) assert.ok(args.includes("content-type: application/json"), args.join(" "));
  });

  it("all answer 200 when run as written", async () => {
    assert.ok(commands.length >= 6, `found ${commands.length}`);
    for (const args of commands) {
      const local = args.slice(1).map((a) => a.replace("http://127.0.0.1:4010", emulator().url));
      assert.equal(await curlStatus(local), "200", args.join(" "));
    }
  });
});
