/**
 * Deploys examples/ai-platform in one identity mode under Pulumi's mocks and records every child
 * resource the component registers: its URN, its inputs (policy documents as their SHA-256, to
 * keep records small) and the URNs it waits for. What a deployed stack would compare: a change in
 * any of them is a replacement or an update.
 *
 * `node --import tsx test/deploy/deployment-record.ts` writes test-artifacts/deployment-urns.json:
 * record it before changing the component and compare after (as when its constructor was split).
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as pulumi from "@pulumi/pulumi";
import {
  type RegisteredResource,
  resolveOutput,
  setRecordingMocks,
  settle,
} from "../../src/input/capture/run-under-mocks.js";

export const MODES = ["iam-users", "iam-roles", "identity-center"] as const;
export const DOCUMENT_INPUTS = ["policy", "assumeRolePolicy", "inlinePolicy"];

export interface DeployedResource {
  urn: string;
  inputs: Record<string, unknown>;
  dependsOn: string[];
}

export const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** examples/ai-platform copied under `tmp` with `identity: <mode>`. */
export function exampleIn(tmp: string, mode: string): string {
  const dir = join(tmp, mode);
  cpSync("examples/ai-platform", dir, { recursive: true });
  const org = readFileSync(join(dir, "org.yaml"), "utf8");
  if (!/^identity: iam-users\b/m.test(org))
    throw new Error("examples/ai-platform/org.yaml no longer says identity: iam-users");
  writeFileSync(join(dir, "org.yaml"), org.replace(/^identity: iam-users\b/m, `identity: ${mode}`));
  return dir;
}

/** Deploys the spec at `dir` as component "ai-iam" of stack dev of project ai-iam; every child, sorted by URN. */
export async function recordDeployment(
  dir: string,
): Promise<{ resources: DeployedResource[]; registered: RegisteredResource[] }> {
  const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });
  const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");
  const children: Array<{ resource: pulumi.Resource; type: string; name: string; dependsOn: pulumi.Resource[] }> = [];
  new AccessModelDeployment(
    "ai-iam",
    { spec: dir },
    {
      transformations: [
        (args) => {
          const deps = args.opts.dependsOn;
          children.push({
            resource: args.resource,
            type: args.type,
            name: args.name,
            dependsOn: Array.isArray(deps) ? (deps as pulumi.Resource[]) : deps ? [deps as pulumi.Resource] : [],
          });
          return undefined;
        },
      ],
    },
  );
  if (!(await settle(30_000))) throw new Error("the deployment did not settle");
  const resources: DeployedResource[] = [];
  for (const c of children) {
    const registered = recorder.resources.find((r) => r.type === c.type && r.name === c.name);
    if (!registered) throw new Error(`${c.type} ${c.name} was never registered`);
    const inputs: Record<string, unknown> = { ...registered.inputs };
    for (const k of DOCUMENT_INPUTS) if (typeof inputs[k] === "string") inputs[k] = sha256(inputs[k] as string);
    resources.push({
      urn: await resolveOutput(c.resource.urn),
      inputs: sortKeys(inputs) as Record<string, unknown>,
      dependsOn: (await Promise.all(c.dependsOn.map((d) => resolveOutput(d.urn)))).sort(),
    });
  }
  resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { resources, registered: recorder.resources };
}

/** Objects with their keys sorted, recursively: a stable form to compare and store. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync("test-artifacts", { recursive: true });
  const tmp = mkdtempSync(join("test-artifacts", "record-"));
  const out: Record<string, DeployedResource[]> = {};
  try {
    for (const mode of MODES) out[mode] = (await recordDeployment(exampleIn(tmp, mode))).resources;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync("test-artifacts/deployment-urns.json", `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(`${MODES.map((m) => `${m}: ${out[m].length} resources`).join(", ")}\n`);
}
