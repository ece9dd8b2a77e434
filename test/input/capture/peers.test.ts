/**
 * The Pulumi packages and Z3 are optional peers: `missingPeersDiagnostic` finds what cannot be
 * resolved from a given place and names the install command with the ranges package.json declares.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  MissingPeerError,
  missingPackages,
  missingPeersDiagnostic,
  missingSolverDiagnostic,
  OPTIONAL_PEERS,
  PEERS_NEEDED,
  PULUMI_PEERS,
  requirePeers,
} from "../../../src/input/capture/peers.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-peers-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

test("the Pulumi packages are optional peer dependencies, not dependencies", () => {
  for (const name of PULUMI_PEERS) {
    assert.ok(pkg.peerDependencies[name], `${name} is a peer`);
    assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
    assert.equal(pkg.dependencies[name], undefined, `${name} is not a dependency`);
  }
  assert.deepEqual(
    Object.keys(pkg.dependencies).filter((d) => d.startsWith("@pulumi/")),
    [],
  );
});

test("here (the repository installs them for development) nothing is missing", () => {
  assert.deepEqual(missingPackages(PULUMI_PEERS), []);
  assert.equal(missingPeersDiagnostic("--program", PEERS_NEEDED.capture), undefined);
});

test("from a folder without them: an error naming each missing package and the install command", () => {
  // A folder with only @pulumi/pulumi installed.
  const pulumi = join(tmp, "node_modules", "@pulumi", "pulumi");
  mkdirSync(pulumi, { recursive: true });
  writeFileSync(join(pulumi, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", main: "index.js" }));
  writeFileSync(join(pulumi, "index.js"), "");
  const from = pathToFileURL(join(tmp, "program.js"));
  assert.deepEqual(missingPackages(PULUMI_PEERS, from), ["@pulumi/aws", "@pulumi/policy"]);
  const d = missingPeersDiagnostic("--program", PEERS_NEEDED.capture, from);
  assert.equal(d?.severity, "error");
  assert.equal(d?.code, "missing-peer-dependency");
  assert.match(d?.message ?? "", /^--program needs @pulumi\/aws, which is not installed/);
  assert.equal(d?.hint, `npm install --save-dev @pulumi/aws@${pkg.peerDependencies["@pulumi/aws"]}`);
  const both = missingPeersDiagnostic(
    "the policy pack",
    PEERS_NEEDED.policyPack,
    pathToFileURL(join(tmpdir(), "x.js")),
  );
  assert.match(both?.message ?? "", /@pulumi\/policy and @pulumi\/pulumi, which are not installed/);
});

test("z3-solver is an optional peer too (and a dev dependency, for the repository's own tests)", () => {
  assert.ok(OPTIONAL_PEERS.includes("z3-solver"));
  assert.deepEqual(PEERS_NEEDED.prove, ["z3-solver"]);
  assert.ok(pkg.peerDependencies["z3-solver"], "z3-solver is a peer");
  assert.equal(pkg.peerDependenciesMeta["z3-solver"]?.optional, true, "z3-solver is optional");
  assert.equal(pkg.dependencies["z3-solver"], undefined, "z3-solver is not a dependency");
  // The dev dependency the tests run with is within the range users are told to install.
  const dev = pkg.devDependencies["z3-solver"] ?? "";
  const range = pkg.peerDependencies["z3-solver"] ?? "";
  assert.match(range, /^~\d+\.\d+\.\d+$/);
  assert.equal(dev.split(".").slice(0, 2).join("."), range.slice(1).split(".").slice(0, 2).join("."));
  assert.equal(missingSolverDiagnostic("ai-iam prove"), undefined, "installed here");
});

test("without z3-solver: one error naming it, its range and the install command; requirePeers throws it", () => {
  const from = pathToFileURL(join(tmp, "elsewhere.js"));
  const d = missingSolverDiagnostic("ai-iam diff --exact", "or add --no-exact", from);
  assert.equal(d?.severity, "error");
  assert.equal(d?.code, "missing-peer-dependency");
  assert.equal(
    d?.message,
    "ai-iam diff --exact needs z3-solver (the Z3 SMT solver), which is not installed (optional peer dependency of ai-iam)",
  );
  assert.equal(d?.hint, `npm install --save-dev z3-solver@${pkg.peerDependencies["z3-solver"]} (or add --no-exact)`);
  assert.throws(
    () => requirePeers("proving", PEERS_NEEDED.prove, from),
    (err: unknown) =>
      err instanceof MissingPeerError &&
      err.diagnostic.code === "missing-peer-dependency" &&
      /^proving needs z3-solver, which is not installed/.test(err.diagnostic.message),
  );
  assert.doesNotThrow(() => requirePeers("proving", PEERS_NEEDED.prove));
});
