/**
 * Measures capture on the fixture programs (test/fixtures/programs): for each, capture it in a
 * process of its own (Pulumi's runtime state is per process), check the IAM facts its
 * `expected.json` lists against the AccessModel, ask its `simulate` questions, and print the table:
 * programs captured completely, IAM resources found vs. expected, simulate answers right.
 *
 *   npx tsx scripts/measure-capture.ts [--json <file>] [fixture ...]
 *
 * A program counts as captured completely when a model came back, every expected IAM resource is in
 * it, and capture reported nothing it could not see (no unknowns, no errors). A fixture marked
 * `complete: false` cannot be (what it depends on is not in the program); it passes when capture
 * names everything in its `unseen` list.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AccessModel, ModelPolicy } from "../src/model/types.js";
import { ensureFixtureInstalled, FIXTURES, fixtureNames } from "../test/fixtures/programs/install.js";

type Fact = Record<string, unknown>;

interface Expected {
  description: string;
  complete?: boolean;
  unseen?: string[];
  stack?: string;
  config?: Record<string, string>;
  iam: { resource: string; expect: Fact }[];
  simulate: {
    principal: string;
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    expect: string;
    why: string;
  }[];
}

export interface FixtureResult {
  name: string;
  captured: boolean;
  complete: boolean;
  expectedComplete: boolean;
  /** For a fixture that cannot be complete: did capture name everything it could not see? */
  namedUnseen?: boolean;
  iamFound: number;
  iamExpected: number;
  missing: string[];
  simulateRight: number;
  simulateTotal: number;
  wrong: string[];
  unknowns: string[];
  errors: string[];
  ms: number;
}

const here = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- child: one fixture

/** The capture entry point, wherever this checkout keeps it. */
async function loadCapture(): Promise<{
  captureProgram: (
    dir: string,
    opts: Record<string, unknown>,
  ) => Promise<{ model?: AccessModel; diagnostics: { severity: string; code: string; message: string }[] }>;
}> {
  for (const path of ["../src/input/capture/index.js", "../src/input/capture/capture.js", "../src/pulumi/capture.js"]) {
    try {
      return await import(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw err;
    }
  }
  throw new Error("no capture module found");
}

/** The decision for one question: the library's Unknown-aware decision when it has one, else the engine's. */
async function decider(model: AccessModel) {
  const bridge = {
    ...((await import("../src/model/policy-set.js")) as Record<string, unknown>),
    ...((await import("../src/model/decide.js").catch(() => ({}))) as Record<string, unknown>),
  };
  const engine = await import("../src/engine/index.js");
  const { policySetForPrincipal, requestFor } = bridge as unknown as {
    policySetForPrincipal: (m: AccessModel, id: string, r: { action: string; resource: string }) => unknown;
    requestFor: (
      m: AccessModel,
      id: string,
      action: string,
      resource: string,
      context?: Record<string, string | string[]>,
    ) => unknown;
  };
  const decide = bridge.decideForPrincipal as
    | ((
        m: AccessModel,
        id: string,
        action: string,
        resource: string,
        context?: Record<string, string | string[]>,
      ) => { decision: string })
    | undefined;
  return (principal: string, action: string, resource: string, context?: Record<string, string | string[]>) => {
    if (!model.principals.some((p) => p.id === principal)) return "no such principal";
    if (decide) return decide(model, principal, action, resource, context).decision;
    const set = policySetForPrincipal(model, principal, { action, resource });
    const request = requestFor(model, principal, action, resource, context ?? {});
    return engine.simulate(set as never, request as never).decision;
  };
}

function policyMatches(p: ModelPolicy | undefined, ref: string): boolean {
  return p !== undefined && (p.id === ref || p.arn === ref || p.name === ref);
}

/** Is this expected fact true of the model? */
export function factHolds(model: AccessModel, fact: Fact): boolean {
  const principal = (id: unknown) => model.principals.find((p) => p.id === id);
  const group = (id: unknown) => model.groups.find((g) => g.id === id);
  const holder = (id: unknown) => principal(id) ?? group(id);
  const policy = (id: string) => model.policies.find((p) => p.id === id);
  const hasDocument = (ids: string[], ref: string) => ids.some((id) => policyMatches(policy(id), ref));
  if ("principal" in fact) {
    const p = principal(fact.principal);
    if (!p || (fact.kind && p.kind !== fact.kind)) return false;
    if (fact.name && p.name !== fact.name) return false;
    return p.kind !== "role" || (p.trustPolicy !== undefined && policy(p.trustPolicy) !== undefined);
  }
  if ("attached" in fact) {
    const h = holder(fact.attached);
    return !!h && hasDocument(h.managedPolicies, String(fact.policy));
  }
  if ("attachedTo" in fact) {
    return (fact.attachedTo as string[]).every((id) => {
      const h = holder(id);
      return !!h && hasDocument(h.managedPolicies, String(fact.policy));
    });
  }
  if ("inline" in fact) {
    const h = holder(fact.inline);
    const name = String(fact.name);
    return (
      !!h &&
      h.inlinePolicies.some((id) => {
        const p = policy(id);
        return p !== undefined && (p.name === name || p.id === name || p.id === `${h.id}--${name}`);
      })
    );
  }
  if ("boundary" in fact) {
    const p = principal(fact.boundary);
    return !!p?.boundary && policyMatches(policy(p.boundary), String(fact.policy));
  }
  if ("member" in fact) return !!principal(fact.member)?.groups.includes(String(fact.group));
  if ("members" in fact)
    return (fact.members as string[]).every((u) => principal(u)?.groups.includes(String(fact.group)));
  if ("group" in fact) return !!group(fact.group);
  if ("policy" in fact) return policy(String(fact.policy)) !== undefined;
  if ("resourcePolicy" in fact) {
    const id = String(fact.resourcePolicy);
    return model.resourcePolicies.some(
      (r) =>
        (r.id === id || r.policyId === id || ((r as { sources?: string[] }).sources ?? []).includes(id)) &&
        policy(r.policyId) !== undefined,
    );
  }
  if ("instanceProfile" in fact) {
    const profiles = (model as { instanceProfiles?: { id: string; roles: string[] }[] }).instanceProfiles ?? [];
    return profiles.some((p) => p.id === fact.instanceProfile && p.roles.includes(String(fact.role)));
  }
  if ("attachedExactly" in fact) {
    const h = holder(fact.attachedExactly);
    const want = (fact.policies as string[]).slice().sort();
    if (!h) return false;
    const have = h.managedPolicies.map((id) => policy(id)?.arn ?? id).sort();
    return JSON.stringify(have) === JSON.stringify(want) && h.managedPolicies.every((id) => policy(id));
  }
  if ("inlineExactly" in fact) {
    const h = holder(fact.inlineExactly);
    const want = (fact.names as string[]).slice().sort();
    if (!h) return false;
    const have = h.inlinePolicies.map((id) => policy(id)?.name ?? id).sort();
    return JSON.stringify(have) === JSON.stringify(want);
  }
  throw new Error(`unknown fact ${JSON.stringify(fact)}`);
}

async function measureOne(name: string, out: string): Promise<void> {
  const dir = join(FIXTURES, name);
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
  const started = performance.now();
  const { captureProgram } = await loadCapture();
  const result = await captureProgram(dir, {
    stack: expected.stack ?? "dev",
    ...(expected.config ? { config: expected.config } : {}),
  });
  const ms = Math.round(performance.now() - started);
  const model = result.model;
  const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);
  const said = result.diagnostics.map((d) => `${d.code}: ${d.message}`);
  const unknowns = [
    ...(model?.unknowns ?? []).map((u) => `${u.resource}.${u.property}: ${u.message}`),
    ...said.filter((s) => /unknown|external|not know|invisible|unseen|cannot see|could not see|incomplete/i.test(s)),
  ];
  const missing = model
    ? expected.iam.filter((i) => !factHolds(model, i.expect)).map((i) => i.resource)
    : expected.iam.map((i) => i.resource);
  const wrong: string[] = [];
  let right = 0;
  if (model) {
    const decide = await decider(model);
    for (const q of expected.simulate) {
      const got = decide(q.principal, q.action, q.resource, q.context);
      if (got === q.expect) right += 1;
      else wrong.push(`${q.principal} ${q.action} ${q.resource}: ${got}, expected ${q.expect}`);
    }
  } else {
    wrong.push(...expected.simulate.map((q) => `${q.principal} ${q.action}: no model`));
  }
  const expectedComplete = expected.complete !== false;
  const nothingUnseen = (model?.unknowns ?? []).length === 0 && unknowns.length === 0;
  const r: FixtureResult = {
    name,
    captured: model !== undefined && errors.length === 0,
    complete: model !== undefined && errors.length === 0 && missing.length === 0 && nothingUnseen,
    expectedComplete,
    ...(expectedComplete
      ? {}
      : { namedUnseen: (expected.unseen ?? []).every((u) => [...unknowns, ...said].some((s) => s.includes(u))) }),
    iamFound: expected.iam.length - missing.length,
    iamExpected: expected.iam.length,
    missing,
    simulateRight: right,
    simulateTotal: expected.simulate.length,
    wrong,
    unknowns,
    errors,
    ms,
  };
  writeFileSync(out, JSON.stringify(r));
}

// ---------------------------------------------------------------- parent: the table

/** Capture one fixture in a child process and compare it with its expected.json. */
export async function measureFixture(name: string): Promise<FixtureResult> {
  const tmp = mkdtempSync(join(tmpdir(), "measure-capture-"));
  const out = join(tmp, "result.json");
  const started = Date.now();
  // The program's own console output is not ours to print; only the end of stderr is kept, for failures.
  const child = spawn(process.execPath, ["--import", "tsx", here, "--one", name, out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  clearTimeout(timer);
  try {
    const result = JSON.parse(readFileSync(out, "utf8")) as FixtureResult;
    return { ...result, ms: Date.now() - started };
  } catch {
    const reason = stderr.trim().split("\n").slice(-3).join(" ") || `exit ${status}`;
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, "expected.json"), "utf8")) as Expected;
    return {
      name,
      captured: false,
      complete: false,
      expectedComplete: expected.complete !== false,
      ...(expected.complete === false ? { namedUnseen: false } : {}),
      iamFound: 0,
      iamExpected: expected.iam.length,
      missing: expected.iam.map((i) => i.resource),
      simulateRight: 0,
      simulateTotal: expected.simulate.length,
      wrong: [],
      unknowns: [],
      errors: [`capture crashed: ${reason}`],
      ms: Date.now() - started,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function table(results: FixtureResult[]): string {
  const rows = results.map((r) => {
    const status = r.complete
      ? "complete"
      : !r.expectedComplete && r.namedUnseen && r.missing.length === 0
        ? "names what it cannot see"
        : r.captured
          ? "incomplete"
          : "failed";
    const note = r.errors[0] ?? r.missing[0] ?? r.wrong[0] ?? (r.complete ? "" : (r.unknowns[0] ?? ""));
    return `| ${r.name} | ${status} | ${r.iamFound}/${r.iamExpected} | ${r.simulateRight}/${r.simulateTotal} | ${(r.ms / 1000).toFixed(1)} s | ${note.replace(/\|/g, "\\|").slice(0, 110)} |`;
  });
  const sum = (f: (r: FixtureResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const complete = results.filter((r) => r.complete).length;
  const named = results.filter(
    (r) => !r.complete && !r.expectedComplete && r.namedUnseen && r.missing.length === 0,
  ).length;
  return [
    "| program | capture | IAM resources found | simulate right | wall | first problem |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `programs captured completely: ${complete}/${results.length} (${Math.round((100 * complete) / results.length)}%)` +
      `; of the rest, ${named} name what they could not see`,
    `IAM resources found: ${sum((r) => r.iamFound)}/${sum((r) => r.iamExpected)}`,
    `simulate answers right: ${sum((r) => r.simulateRight)}/${sum((r) => r.simulateTotal)}`,
  ].join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--one") {
    await measureOne(args[1]!, args[2]!);
    // Pulumi's runtime may keep handles open; the result is written.
    process.exit(0);
  }
  const at = args.indexOf("--json");
  const jsonOut = at >= 0 ? resolve(args[at + 1]!) : undefined;
  const names = args.filter((a, i) => a !== "--json" && (at < 0 || i !== at + 1));
  const results: FixtureResult[] = [];
  for (const name of names.length > 0 ? names : fixtureNames()) {
    ensureFixtureInstalled(name);
    const r = await measureFixture(name);
    console.error(`${name}: ${r.complete ? "complete" : "not complete"} (${(r.ms / 1000).toFixed(1)} s)`);
    results.push(r);
  }
  console.log(table(results));
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await main();
