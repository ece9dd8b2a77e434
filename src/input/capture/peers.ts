import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Diagnostic } from "../../diagnostics/index.js";

/**
 * The Pulumi packages are optional peer dependencies of ai-iam: only deploying (`ai-iam/pulumi`),
 * capturing a program (`--program`, `start`) and the policy pack load them, so an install for
 * `check`, `plan`, `test` or `diff` leaves out their ~100 MB. Before code that needs them is
 * imported (`loadModel` for a program, `ai-iam start`), it asks here, so a missing one is a
 * diagnostic that names what to install instead of a module-resolution stack trace. This module
 * itself imports nothing from `@pulumi/*`.
 */

export const PULUMI_PEERS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy"] as const;
export type PulumiPeer = (typeof PULUMI_PEERS)[number];

/** What each feature needs. */
export const PEERS_NEEDED = {
  capture: ["@pulumi/pulumi", "@pulumi/aws"],
  deploy: ["@pulumi/pulumi", "@pulumi/aws"],
  policyPack: ["@pulumi/policy", "@pulumi/pulumi"],
} as const satisfies Record<string, readonly PulumiPeer[]>;

/** The packages of `names` that cannot be resolved from `from` (this module by default). */
export function missingPackages(names: readonly string[], from: string | URL = import.meta.url): string[] {
  const require = createRequire(from);
  return names.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The version range ai-iam declares for each peer, for the install command (`@pulumi/aws@^7.47.0`). */
function peerRanges(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    peerDependencies?: Record<string, string>;
  };
  return pkg.peerDependencies ?? {};
}

/**
 * A diagnostic when `feature` (`--program`, `start`) cannot run because peers are missing, naming
 * them and the command that installs them; undefined when all are there.
 */
export function missingPeersDiagnostic(
  feature: string,
  names: readonly PulumiPeer[],
  from: string | URL = import.meta.url,
): Diagnostic | undefined {
  const missing = missingPackages(names, from);
  if (missing.length === 0) return undefined;
  const ranges = peerRanges();
  const install = missing.map((n) => (ranges[n] ? `${n}@${ranges[n]}` : n)).join(" ");
  return {
    code: "missing-peer-dependency",
    severity: "error",
    message: `${feature} needs ${missing.join(" and ")}, which ${missing.length === 1 ? "is" : "are"} not installed (optional peer dependencies of ai-iam)`,
    hint: `npm install --save-dev ${install}`,
  };
}
