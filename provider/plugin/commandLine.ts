/**
 * The plugin's command line: `--help` and `--version` for a person who runs
 * the executable by hand, otherwise the engine's launch, whose address is the
 * last argument after flags the engine may pass (`--logtostderr`, `-v=N`,
 * `--tracing <endpoint>`), which are accepted and ignored.
 */
import { PACKAGE_NAME, PACKAGE_VERSION } from "../../core/client/version";

/** What the command line asks for. */
export type PluginCommand =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  /** Serve the engine; `engineAddress` is where its Log service listens, when given. */
  | { readonly kind: "serve"; readonly engineAddress: string | undefined };

/** `--help` text. */
export const PLUGIN_HELP = `Usage: pulumi-resource-chatmaid [--help | --version]

The Pulumi resource provider plugin of ${PACKAGE_NAME} ${PACKAGE_VERSION}. The Pulumi engine
starts it (from PATH, or from a plugin folder named in Pulumi.yaml) and talks to it
over gRPC: it prints its port and serves until the engine stops it. Running it by hand
is only useful with these options:

  -h, --help     show this help and exit
  --version      print the version and exit`;

/** Reads the command line: help and version win over anything else, as a person typing them expects. */
export function pluginCommandOf(args: readonly string[]): PluginCommand {
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  if (args.includes("--version")) return { kind: "version" };
  return { kind: "serve", engineAddress: engineAddressOf(args) };
}

/** The engine's address: the last argument that is not one of the engine's flags. */
export function engineAddressOf(args: readonly string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--logtostderr" || arg.startsWith("-v=")) continue;
    if (arg === "--tracing") {
      i++;
      continue;
    }
    if (arg.startsWith("--tracing=")) continue;
    rest.push(arg);
  }
  return rest.at(-1);
}
