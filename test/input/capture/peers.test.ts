/**
 * The Pulumi packages are optional peers: `missingPeersDiagnostic` finds what cannot be resolved
 * from a given place and names the install command with the ranges package.json declares.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  missingPackages,
  missingPeersDiagnostic,
  PEERS_NEEDED,
  PULUMI_PEERS,
} from "../../../src/input/capture/peers.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-peers-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
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
