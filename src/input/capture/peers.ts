import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Diagnostic, diagnosticMessage } from "../../diagnostics/index.js";

/**
 * The optional peer dependencies of ai-iam. The Pulumi packages: only deploying (`ai-iam/pulumi`),
 * capturing a program (`--program`, `start`) and the policy pack load them, so an install for
 * `check`, `plan`, `test` or `diff` leaves out their ~100 MB. Z3 (`z3-solver`, 35 MB of
 * WebAssembly): only proving loads it (`prove`, `diff --exact` and the exact gate of
 * `diff --fail-on-new-access`, `test` with `expect: never|always` tests). Before code that needs
 * them runs, it asks here, so a missing one is a diagnostic that names what to install instead of
 * a module-resolution stack trace or a silent fallback. This module itself imports none of them.
 */

export const PULUMI_PEERS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy"] as const;
export type PulumiPeer = (typeof PULUMI_PEERS)[number];
export const OPTIONAL_PEERS = [...PULUMI_PEERS, "z3-solver"] as const;
export type OptionalPeer = (typeof OPTIONAL_PEERS)[number];

/** What each feature needs. */
export const PEERS_NEEDED = {
  capture: ["@pulumi/pulumi", "@pulumi/aws"],
  deploy: ["@pulumi/pulumi", "@pulumi/aws"],
  policyPack: ["@pulumi/policy", "@pulumi/pulumi"],
  prove: ["z3-solver"],
} as const satisfies Record<string, readonly OptionalPeer[]>;

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
 * A diagnostic when `feature` (`--program`, `start`, `ai-iam prove`) cannot run because peers are missing, naming
 * them and the command that installs them; undefined when all are there.
 */
export function missingPeersDiagnostic(
  feature: string,
  names: readonly OptionalPeer[],
  from: string | URL = import.meta.url,
): Diagnostic | undefined {
  const missing = missingPackages(names, from);
  if (missing.length === 0) return undefined;
  const ranges = peerRanges();
  const install = missing.map((n) => (ranges[n] ? `${n}@${ranges[n]}` : n)).join(" ");
  return {
    code: "missing-peer-dependency",
    severity: "error",
    message: `${feature} needs ${missing.join(" and ")}, which ${missing.length === 1 ? "is" : "are"} not installed (optional peer ${missing.length === 1 ? "dependency" : "dependencies"} of ai-iam)`,
    hint: `npm install --save-dev ${install}`,
  };
}

/** Thrown where a peer is needed and missing; the CLI prints its diagnostic and exits 2. */
export class MissingPeerError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    // The diagnostic's message first (what is missing), then the command that installs it.
    super(`${diagnosticMessage(diagnostic)}; install it: ${diagnostic.hint}`);
    this.name = "MissingPeerError";
    this.diagnostic = diagnostic;
  }
}

/** Throws a `MissingPeerError` when `names` are not all installed. */
export function requirePeers(
  feature: string,
  names: readonly OptionalPeer[],
  from: string | URL = import.meta.url,
): void {
  const missing = missingPeersDiagnostic(feature, names, from);
  if (missing) throw new MissingPeerError(missing);
}

/**
 * The diagnostic when Z3 is missing for `feature` (`ai-iam prove`, `ai-iam diff --exact`, ...);
 * `alternative` follows the install command in the hint (`or --no-exact for the sampled diff`).
 * A gate that decides the exit code never falls back to sampling on its own.
 */
export function missingSolverDiagnostic(
  feature: string,
  alternative?: string,
  from: string | URL = import.meta.url,
): Diagnostic | undefined {
  const d = missingPeersDiagnostic(feature, PEERS_NEEDED.prove, from);
  if (!d) return undefined;
  return {
    ...d,
    message: d.message.replace("needs z3-solver,", "needs z3-solver (the Z3 SMT solver),"),
    ...(alternative ? { hint: `${d.hint} (${alternative})` } : {}),
  };
}
