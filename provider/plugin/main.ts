/**
 * `pulumi-resource-chatmaid`: the provider plugin process, as the Pulumi
 * engine runs it, from its bin or from its `PulumiPlugin.yaml` folder through
 * the Node language host. The first and only line on stdout is the port;
 * everything for the user goes to the engine's Log service. `--help` and
 * `--version` print and exit instead.
 */
import { grpc } from "./grpc";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PACKAGE_VERSION } from "../../core/client/version";
import { PLUGIN_HELP, pluginCommandOf } from "./commandLine";
import { EngineLog } from "./engineLog";
import { providerService } from "./server";

/** The engine allows messages of up to 400 MiB; so does the plugin. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

async function main(): Promise<void> {
  const command = pluginCommandOf(process.argv.slice(2));
  // A person at a terminal, not the engine: answer and exit instead of serving a port nobody reads.
  if (command.kind === "help") return void process.stdout.write(`${PLUGIN_HELP}\n`);
  if (command.kind === "version") return void process.stdout.write(`${PACKAGE_VERSION}\n`);
  const engineLog = new EngineLog(command.engineAddress);
  const cancel = new AbortController();
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(ResourceProviderService, providerService({ engineLog, cancel }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // The engine reads the port from the first line of stdout: nothing may come before it.
  process.stdout.write(`${port}\n`);
  const stop = (): void => {
    cancel.abort();
    engineLog.close();
    server.forceShutdown();
    // Whatever is still in flight (a wait, a request) must not keep the process past the engine's patience.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-chatmaid: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
