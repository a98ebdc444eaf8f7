import { rmSync } from "node:fs";
import { startEmulator } from "../emulator";
import { resetSharedState } from "../provider";
import { getPhoneNumber } from "../sdk/nodejs";
import { startChatmaidPlugin, type LaunchForm } from "../test/support/chatmaidPlugin";
import { secret, type ProviderPlugin } from "../test/support/providerPlugin";
import { hostPlatform, releasedPlugin, startUnpackedPlugin, unpackPlugin } from "../test/support/releasedPlugin";
import { median } from "./report";

const STARTS = 5;
const INVOKES = 20;
const KEY = "sk_test_emulator";

/**
 * Scenario 6: the provider plugin. Start to port, and start to first answer
 * (GetPluginInfo), in each form the engine starts it: the npm bin, the
 * folder's executable (what the engine runs for the package's plugin folder),
 * the folder through `run-plugin` (only for a folder without the executable),
 * and the release tarball unpacked as `pulumi plugin install` unpacks it. Then one getPhoneNumber invoke end to end against the
 * emulator beside the Node function in this process. Reads are not cached
 * (cacheSeconds 0), so each call is one list request.
 */
export async function benchPlugin(): Promise<void> {
  console.log(`\n6. Provider plugin pulumi-resource-chatmaid (median of ${STARTS} starts, ${INVOKES} calls)`);
  const release = await releasedPlugin();
  const unpacked = await unpackPlugin(release.tarballs[hostPlatform()]);
  const forms: (readonly [string, () => Promise<ProviderPlugin>])[] = [
    ...(["bin", "executable", "folder"] as LaunchForm[]).map(
      (form) => [form, () => startChatmaidPlugin(form)] as const,
    ),
    ["tarball", () => startUnpackedPlugin(unpacked)],
  ];
  try {
    for (const [form, start] of forms) {
      const ports: number[] = [];
      const answers: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const started = performance.now();
        const plugin = await start();
        ports.push(performance.now() - started);
        await plugin.getPluginInfo();
        answers.push(performance.now() - started);
        await plugin.stop();
      }
      console.log(
        `  start to port, ${form.padEnd(10)}    ${median(ports).toFixed(0).padStart(5)} ms   ` +
          `(to first answer ${median(answers).toFixed(0)} ms)`,
      );
    }
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  console.log(
    `  release bundle               ${(release.bundleBytes / 1024).toFixed(0).padStart(5)} KiB (${release.bundledPackages.length} npm packages)`,
  );
  const emulator = await startEmulator({ rateLimit: 0 });
  const plugin = await startChatmaidPlugin("bin");
  try {
    await plugin.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url, cacheSeconds: "0" } });
    const invoke = () => plugin.invoke("chatmaid:index:getPhoneNumber", { id: "+15551234567" });
    const node = () => getPhoneNumber({ id: "+15551234567", apiKey: KEY, baseUrl: emulator.url });
    process.env.CHATMAID_CACHE_SECONDS = "0";
    resetSharedState();
    const first = { plugin: await timed(invoke), node: await timed(node) };
    const plugins: number[] = [];
    const nodes: number[] = [];
    for (let i = 0; i < INVOKES; i++) {
      plugins.push(await timed(invoke));
      nodes.push(await timed(node));
    }
    console.log(
      `  getPhoneNumber, plugin invoke  ${median(plugins).toFixed(1).padStart(7)} ms   (first call ${first.plugin.toFixed(1)} ms)`,
    );
    console.log(
      `  getPhoneNumber, Node function  ${median(nodes).toFixed(1).padStart(7)} ms   (first call ${first.node.toFixed(1)} ms)`,
    );
  } finally {
    delete process.env.CHATMAID_CACHE_SECONDS;
    await plugin.stop();
    await emulator.close();
  }
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}
