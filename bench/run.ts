/**
 * `npm run bench`: prints figures for the request-budget scenarios (the fleets of scenario 7 included), each
 * beside a baseline measured in the same run, and the provider plugin's. Figures, never assertions: the
 * machine is shared and noisy.
 */
import { benchColdImport } from "./coldImport";
import { benchEngine } from "./engine";
import { benchFleet } from "./fleet";
import { benchLargeAccount } from "./largeAccount";
import { benchLookups } from "./lookups";
import { benchPlugin } from "./plugin";
import { benchProviderSize } from "./providerSize";
import { benchRateLimited } from "./rateLimited";

async function main(): Promise<void> {
  console.log(`@chatmaid/pulumi benchmark (node ${process.version}, emulator on 127.0.0.1)`);
  await benchLookups();
  await benchRateLimited();
  await benchLargeAccount();
  benchColdImport();
  benchProviderSize();
  await benchPlugin();
  await benchFleet();
  await benchEngine();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
