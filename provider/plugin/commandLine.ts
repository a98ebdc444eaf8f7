/**
 * The engine's address: the last argument, after flags the engine may pass
 * (`--logtostderr`, `-v=N`, `--tracing <endpoint>`), which are accepted and ignored.
 */
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
