import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  runPluginScriptPath,
  startProviderPlugin,
  type ProviderPlugin,
  type ProviderPluginOptions,
} from "./providerPlugin";
import { ISOLATED_STORE } from "./testEnvironment";

/** The repository root: the plugin runs from the build output there, as from an installed package. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The plugin's bin. */
export const PLUGIN_BIN = path.join(ROOT, "bin", "pulumi-resource-chatmaid.js");
/** The plugin's folder (`PulumiPlugin.yaml`). */
export const PLUGIN_FOLDER = path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid");
/** The schema token of the resource. */
export const PHONE_NUMBER = "chatmaid:index:PhoneNumber";

/**
 * How the engine launches the plugin: the npm bin, the folder's executable
 * (what the engine runs when a folder holds `pulumi-resource-chatmaid`), or
 * the folder through the Node language host's `run-plugin` (what it runs for
 * a folder with only `PulumiPlugin.yaml`).
 */
export type LaunchForm = "bin" | "executable" | "folder";

/** The command of each launch form. */
function launchCommand(form: LaunchForm): string[] {
  if (form === "bin") return [process.execPath, PLUGIN_BIN];
  if (form === "executable") return [path.join(PLUGIN_FOLDER, "pulumi-resource-chatmaid")];
  return [process.execPath, runPluginScriptPath(), PLUGIN_FOLDER];
}

/** Variables of this process the plugin must not inherit: settings and proxies of the machine the tests run on. */
const LEAKY = /^(CHATMAID_|PULUMI_)|^(https?_proxy|no_proxy)$/i;

/**
 * Starts `pulumi-resource-chatmaid` as the engine does, in either launch form,
 * with a clean environment (plus `env`). Folder mode runs in an empty
 * project folder, as the language host does with the project's directory.
 */
export async function startChatmaidPlugin(
  form: LaunchForm,
  options: Partial<ProviderPluginOptions> & { env?: NodeJS.ProcessEnv } = {},
): Promise<ProviderPlugin & { form: LaunchForm }> {
  const project = form === "folder" ? mkdtempSync(path.join(tmpdir(), "chatmaid-project-")) : ROOT;
  const plugin = await startProviderPlugin({
    command: launchCommand(form),
    packageName: "chatmaid",
    resourceType: PHONE_NUMBER,
    resourceName: "sender",
    cwd: project,
    inheritEnv: (name) => !LEAKY.test(name),
    ...options,
    env: { ...ISOLATED_STORE, ...(form === "folder" ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}), ...options.env },
  });
  const stop = plugin.stop.bind(plugin);
  return Object.assign(plugin, {
    form,
    stop: async () => {
      await stop();
      if (form === "folder") rmSync(project, { recursive: true, force: true });
    },
  });
}
