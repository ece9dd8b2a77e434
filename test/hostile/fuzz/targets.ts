import { cliTarget } from "./cli.fuzz.js";
import { fastYamlTarget } from "./fast-yaml.fuzz.js";
import type { FuzzTarget } from "./harness.js";
import { policyTarget } from "./policy.fuzz.js";
import { requestsTarget } from "./requests.fuzz.js";
import { specTarget } from "./spec.fuzz.js";
import { wildcardTarget } from "./wildcard.fuzz.js";

/** Every fuzz target; `large` adds inputs up to 1 MB (the long run). */
export function fuzzTargets(opts: { large: boolean }): Array<FuzzTarget<never>> {
  return [
    wildcardTarget(opts),
    policyTarget(opts),
    requestsTarget(),
    specTarget(opts),
    fastYamlTarget(opts),
    cliTarget(opts),
  ] as unknown as Array<FuzzTarget<never>>;
}
