import * as path from "node:path";
import type * as GrpcJs from "@grpc/grpc-js";

/**
 * `@grpc/grpc-js` as `@pulumi/pulumi`'s proto stubs load it. grpc-js checks
 * credentials and services with `instanceof`, so the plugin must use the same
 * copy as the stubs, even in a tree where npm could not share one.
 */
export const grpc: typeof GrpcJs = require(
  require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }),
);
