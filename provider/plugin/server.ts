/**
 * The `pulumirpc.ResourceProvider` service of `pulumi-resource-chatmaid`,
 * over the same provider core as the Node SDK: settings, client, reader,
 * queries and the `PhoneNumber` operations. Methods the package has no use
 * for (Handshake, Construct, Call, Parameterize, ...) are left out, and gRPC
 * answers them UNIMPLEMENTED, which the engine tolerates.
 */
import type * as GrpcJs from "@grpc/grpc-js";
import { grpc } from "./grpc";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import {
  CheckFailure,
  CheckResponse,
  ConfigureResponse,
  CreateResponse,
  DiffResponse,
  GetSchemaResponse,
  InvokeResponse,
  ReadResponse,
  UpdateResponse,
  type CheckRequest,
  type ConfigureRequest,
  type CreateRequest,
  type DeleteRequest,
  type DiffRequest,
  type GetSchemaRequest,
  type InvokeRequest,
  type ReadRequest,
  type UpdateRequest,
} from "@pulumi/pulumi/proto/provider_pb";
import { ChatmaidError, InvalidInputError } from "../../core/model/errors";
import { hasUnknowns } from "../../core/phoneNumbers/unknownValues";
import {
  PhoneNumberOperations,
  type PhoneNumberResourceInputs,
  type PhoneNumberResourceOutputs,
  type ProviderConfig,
} from "../../core/phoneNumbers/phoneNumberOperations";
import { readerFor } from "../../core/client/phoneNumberReader";
import { logRetry, progressLog } from "../../core/phoneNumbers/progressLog";
import { safeMessage } from "../../core/model/redact";
import { resolveSettings } from "../../core/model/settings";
import { PACKAGE_VERSION } from "../../core/client/version";
import type { EngineLog } from "./engineLog";
import { FUNCTIONS, IDENTIFIER_ARGUMENTS, PHONE_NUMBER_TOKEN } from "./functions";
import { changedSettings, checkConfig, configFromInputs, configFromVariables, configSources } from "./providerConfig";
import { schemaText } from "./schema";
import { fromStruct, toStruct, unwrapSecrets, type WireValue } from "./structs";
import { withE164Numbers } from "./yamlNumbers";

/** What the service needs from its process. */
export interface ServiceContext {
  /** The engine's log. */
  readonly engineLog: EngineLog;
  /** Aborted by `Cancel`: waits in flight stop, and new ones stop at once. */
  readonly cancel: AbortController;
}

type Inputs = Record<string, WireValue>;

/** The service's handlers, to add to a gRPC server with `ResourceProviderService`. */
export function providerService(context: ServiceContext): GrpcJs.UntypedServiceImplementation {
  let config: ProviderConfig = {};
  const operations = (urn: string): PhoneNumberOperations =>
    new PhoneNumberOperations(config, {
      sources: configSources(config),
      log: context.engineLog.sink(urn),
      identifierProperty: "identifier",
      signal: context.cancel.signal,
    });

  return {
    getPluginInfo: unary(async () => new PluginInfo().setVersion(PACKAGE_VERSION)),

    getSchema: unary(async (_request: GetSchemaRequest) => new GetSchemaResponse().setSchema(schemaText())),

    // Secrets arrive plain here; the engine marks them again in what it stores.
    checkConfig: unary(async (request: CheckRequest) => {
      const failures = checkConfig(fromStruct(request.getNews()));
      return new CheckResponse().setInputs(request.getNews()).setFailuresList(failures.map(failure));
    }),

    // Another account or setting updates the provider; it never replaces the resources that use it.
    diffConfig: unary(async (request: DiffRequest) => {
      const changed = changedSettings(fromStruct(request.getOlds()), fromStruct(request.getNews()));
      return new DiffResponse()
        .setChanges(changed.length > 0 ? DiffResponse.DiffChanges.DIFF_SOME : DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(changed);
    }),

    configure: unary(async (request: ConfigureRequest) => {
      config = {
        ...configFromVariables(request.getVariablesMap().toArray()),
        ...configFromInputs(fromStruct(request.getArgs())),
      };
      // acceptSecrets false: the engine keeps secret inputs secret in results and state itself.
      return new ConfigureResponse()
        .setAcceptsecrets(false)
        .setSupportspreview(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),

    invoke: unary(async (request: InvokeRequest) => {
      const token = request.getTok();
      const handler = FUNCTIONS[token];
      if (!handler)
        throw new InvalidInputError(`The chatmaid provider has no function ${token}.`, { code: "unknown_token" });
      const args = unwrapSecrets(fromStruct(request.getArgs())) as Record<string, WireValue>;
      const run = handler(withE164Numbers(args, IDENTIFIER_ARGUMENTS));
      const log = context.engineLog.sink();
      const reader = readerFor(resolveSettings(configSources(config)), {
        onRetry: (notice) => logRetry(log, notice),
        onWarning: (message) => log("warning", message),
      });
      const result = await run(reader, { progress: progressLog(log), signal: context.cancel.signal });
      return new InvokeResponse().setReturn(toStruct(result));
    }),

    check: unary(async (request: CheckRequest) => {
      resourceToken(request.getType());
      const news = withE164Numbers(fromStruct(request.getNews()), ["identifier"]);
      const result = await operations(request.getUrn()).check(news);
      return new CheckResponse().setInputs(toStruct(result.inputs)).setFailuresList(result.failures.map(failure));
    }),

    diff: unary(async (request: DiffRequest) => {
      resourceToken(request.getType());
      const result = await operations(request.getUrn()).diff(
        request.getId(),
        fromStruct(request.getOlds()) as unknown as PhoneNumberResourceOutputs,
        fromStruct(request.getNews()) as unknown as PhoneNumberResourceInputs,
      );
      const changes =
        result.changes === undefined
          ? DiffResponse.DiffChanges.DIFF_UNKNOWN
          : result.changes
            ? DiffResponse.DiffChanges.DIFF_SOME
            : DiffResponse.DiffChanges.DIFF_NONE;
      return new DiffResponse().setChanges(changes).setReplacesList(result.replaces).setDiffsList(result.diffs);
    }),

    // A read-only resource: creating it reads the number, also during a preview, so its outputs are known early.
    create: unary(async (request: CreateRequest) => {
      resourceToken(request.getType());
      const inputs = fromStruct(request.getProperties()) as unknown as PhoneNumberResourceInputs;
      // An input not known yet (preview): nothing to read; the outputs are unknown until the update.
      if (request.getPreview() && hasUnknowns(inputs))
        return new CreateResponse().setId("").setProperties(toStruct(inputs));
      const { id, outs } = await operations(request.getUrn()).create(inputs);
      return new CreateResponse().setId(request.getPreview() ? "" : id).setProperties(toStruct(outs));
    }),

    read: unary(async (request: ReadRequest) => {
      resourceToken(request.getType());
      const state: Inputs = { ...fromStruct(request.getInputs()), ...fromStruct(request.getProperties()) };
      const { id, props } = await operations(request.getUrn()).read(request.getId(), state);
      // An empty ID tells the engine the number is gone from the account.
      if (id === "") return new ReadResponse().setId("");
      const inputs = {
        identifier: props.identifier,
        requireConnected: props.requireConnected,
        waitForConnectedSeconds: props.waitForConnectedSeconds,
      };
      return new ReadResponse().setId(id).setProperties(toStruct(props)).setInputs(toStruct(inputs));
    }),

    update: unary(async (request: UpdateRequest) => {
      resourceToken(request.getType());
      const news = fromStruct(request.getNews()) as unknown as PhoneNumberResourceInputs;
      if (request.getPreview() && hasUnknowns(news)) return new UpdateResponse().setProperties(toStruct(news));
      const { outs } = await operations(request.getUrn()).update(
        news,
        fromStruct(request.getOlds()) as unknown as PhoneNumberResourceOutputs,
      );
      return new UpdateResponse().setProperties(toStruct(outs));
    }),

    // Forgetting is all delete does: numbers are registered and removed in the Chatmaid dashboard.
    delete: unary(async (_request: DeleteRequest) => new Empty()),

    cancel: unary(async () => {
      context.cancel.abort(new ChatmaidError("The deployment was cancelled.", { code: "cancelled" }));
      return new Empty();
    }),
  };
}

/** Refuses a resource type the schema does not declare. */
function resourceToken(type: string): void {
  if (type !== "" && type !== PHONE_NUMBER_TOKEN) {
    throw new InvalidInputError(`The chatmaid provider has no resource ${type}.`, { code: "unknown_token" });
  }
}

function failure(f: { property: string; reason: string }): CheckFailure {
  return new CheckFailure().setProperty(f.property).setReason(f.reason);
}

/** A unary handler over an async function; a thrown error becomes a gRPC status with a safe message. */
function unary<Req, Res>(work: (request: Req) => Promise<Res>): GrpcJs.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    work(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback({ code: statusOf(error), details: messageOf(error) }),
    );
  };
}

function statusOf(error: unknown): GrpcJs.status {
  if (error instanceof ChatmaidError && error.code === "cancelled") return grpc.status.CANCELLED;
  if (error instanceof InvalidInputError) return grpc.status.INVALID_ARGUMENT;
  return grpc.status.UNKNOWN;
}

function messageOf(error: unknown): string {
  // The package's errors are written for users; anything else is a bug, said in one safe line.
  if (error instanceof ChatmaidError) return error.message;
  return safeMessage(
    `unexpected error in the chatmaid provider: ${error instanceof Error ? error.message : String(error)}`,
  );
}
