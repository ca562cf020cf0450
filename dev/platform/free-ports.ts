/** Free ports for every part of the platform, so a second platform (tests, bench) never collides with `npm start`. */
import { findFreePort } from "./child-process.js";
import type { PlatformPorts } from "./local-environment.js";

export async function freePlatformPorts(): Promise<PlatformPorts> {
  return {
    blob: await findFreePort(),
    cosmos: await findFreePort(),
    serviceBus: await findFreePort(),
    stubs: await findFreePort(),
    functions: await findFreePort(),
  };
}
