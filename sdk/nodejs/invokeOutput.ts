import * as pulumi from "@pulumi/pulumi";

/**
 * Builds the `...Output` twin of a function the way generated Pulumi SDKs
 * behave: inputs are awaited (a secret input makes the result secret, an
 * unknown input during preview gives an unknown result without calling the
 * API), and `dependsOn` resources are waited for first.
 */
export function invokeOutput<A, R>(
  args: pulumi.Input<A> | undefined,
  opts: pulumi.InvokeOutputOptions | undefined,
  call: (plain: A) => Promise<R>,
): pulumi.Output<R> {
  return pulumi
    .all([pulumi.output(args ?? ({} as A)), dependenciesReady(opts?.dependsOn)])
    .apply(([plain]) => call(plain as A));
}

/** Resolves once every `dependsOn` resource is registered; unknown while any ID is unknown (preview). */
function dependenciesReady(dependsOn: pulumi.InvokeOutputOptions["dependsOn"]): pulumi.Output<boolean> {
  if (dependsOn === undefined) return pulumi.output(true);
  return pulumi.output(dependsOn as pulumi.Input<pulumi.Resource | pulumi.Resource[]>).apply((value) => {
    const resources = (Array.isArray(value) ? value : [value]).filter(
      (r): r is pulumi.Resource => r !== undefined && r !== null,
    );
    const markers = resources.map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn));
    return pulumi.all(markers).apply(() => true);
  });
}
