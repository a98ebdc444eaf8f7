import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The Pulumi CLI's path when it is on PATH, else `undefined`. */
export function pulumiOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}

/**
 * A real `pulumi preview` of the root project (examples/basic) on a local file
 * backend in a temporary folder, with a throwaway passphrase and a stack whose
 * config points at the emulator. Nothing is left behind.
 * @returns the preview's exit code.
 */
export async function runPulumiPreview(pulumi: string, root: string, emulatorUrl: string): Promise<number> {
  const tmp = mkdtempSync(path.join(tmpdir(), "chatmaid-start-"));
  const stack = "chatmaid-demo";
  const configFile = path.join(tmp, `Pulumi.${stack}.yaml`);
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${tmp}`,
    PULUMI_CONFIG_PASSPHRASE: "chatmaid-demo-throwaway",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  // Asynchronous: the emulator answering the preview runs in this process, so its event loop must stay free.
  const run = async (args: string[]): Promise<number> => {
    const child = spawn(pulumi, [...args, "--non-interactive"], { cwd: root, env, stdio: "inherit" });
    const [code] = (await once(child, "exit")) as [number | null];
    return code ?? 1;
  };
  try {
    console.log(`Pulumi CLI found: previewing examples/basic on a local backend in ${tmp}`);
    const steps = [
      ["stack", "init", stack],
      ["config", "set", "--stack", stack, "--config-file", configFile, "chatmaid:baseUrl", emulatorUrl],
      [
        "config",
        "set",
        "--stack",
        stack,
        "--config-file",
        configFile,
        "--secret",
        "chatmaid:apiKey",
        "sk_test_emulator",
      ],
      ["preview", "--stack", stack, "--config-file", configFile, "--diff"],
    ];
    for (const step of steps) {
      const code = await run(step);
      if (code !== 0) return code;
    }
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
