import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { lowerBoundCounts, modelCounts } from "../../src/compile/account-quotas.js";
import { compileSpec } from "../../src/compile/compile.js";
import { type ActivityLibrary, defaultLibrary } from "../../src/compile/library.js";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { loadSpec, loadSpecFromString } from "../../src/input/team-spec/load.js";
import type { Spec } from "../../src/input/team-spec/types.js";
import { AccountQuotas } from "../../src/model/quota.js";
import type { Statement } from "../../src/policy/types.js";
import { generateOrgSpec } from "../helpers/generate-org.js";

/**
 * Account-level quotas. AWS: IAM User Guide, "IAM and AWS STS quotas" (IAM object quotas: users in
 * an AWS account 5,000, not adjustable; groups 300 by default, at most 500; roles 1,000, at most
 * 5,000; customer managed policies 1,500, at most 5,000) and IAM Identity Center User Guide, "IAM
 * Identity Center quotas" (permission sets per instance 2,000; provisioned permission sets per AWS
 * account 250; both adjustable).
 */

const IAM_PAGE = /IAM User Guide, "IAM and AWS STS quotas"/;
const IC_PAGE = /IAM Identity Center User Guide, "IAM Identity Center quotas"/;

function example(): Spec {
  const { spec, diagnostics } = loadSpec("examples/ai-platform-single.yaml");
  assert.deepEqual(diagnostics, []);
  return spec!;
}

/** The example with `teams` teams of `members` members each, every member playing each of `personas`. */
function withTeams(identity: Spec["identity"], teams: number, members: number, personas: string[]): Spec {
  const base = example();
  const spec: Spec = { ...base, identity, teams: {}, tests: [], locations: new Map(base.locations) };
  if (identity === "iam-roles") spec.trust = undefined;
  for (let t = 0; t < teams; t++) {
    const name = `t${String(t).padStart(4, "0")}`;
    const team = { name, datasets: {}, activities: [], members: {} as Record<string, string[]> };
    for (let m = 0; m < members; m++) team.members[`${name}-m${m}`] = [...personas];
    spec.teams[name] = team;
    spec.locations.set(`teams.${name}`, { file: "org.yaml", line: 100 + t, column: 3 });
  }
  return spec;
}

const tiny: Statement = { Sid: "Tiny", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };

/** A library of one statement per principal: many teams compile in a moment. */
const small: ActivityLibrary = {
  personaStatements: () => [tiny],
  executionRole: () => [tiny],
  guardrails: () => ({ boundary: [tiny], denies: [], selfService: [] }),
  clientContext: () => [],
  // Every role and persona is granted `tiny`: each holds a managed policy (in the lower bound too).
  alwaysGrants: true,
};

/** A library that fails if anything is compiled: the lower bound must decide first. */
const untouchable: ActivityLibrary = {
  personaStatements: () => assert.fail("compiled a persona"),
  executionRole: () => assert.fail("compiled an execution role"),
  guardrails: () => assert.fail("compiled guardrails"),
  clientContext: () => [],
};

const ofCode = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe("account quotas: beyond AWS's maximum, an error before anything is compiled", () => {
  test("iam-users: 5,250 members are 5,250 IAM users; AWS allows 5,000 per account, not adjustable", () => {
    const s = withTeams("iam-users", 250, 21, ["analyst"]);
    const { model, diagnostics } = compileSpec(s, { library: untouchable });
    assert.equal(model, undefined);
    const [e, ...rest] = ofCode(diagnostics, "compile-account-quota");
    assert.equal(rest.length, 0, JSON.stringify(rest));
    assert.equal(e.severity, "error");
    assert.match(e.message, IAM_PAGE);
    assert.match(e.message, /at least 5,250 IAM users in account 123456789012; AWS allows at most 5,000/);
    assert.match(e.message, /"Users in an AWS account", not adjustable/);
    // The 238 teams t0000–t0237 hold 4,998 users: t0238 is the first beyond.
    assert.match(e.message, /Team "t0238" is the first beyond the limit/);
    assert.deepEqual([e.file, e.line, e.column], ["org.yaml", 338, 3]);
    assert.match(e.hint ?? "", /identity-center/);
  });

  test("exactly at the limit is no error (5,000 users)", () => {
    const { diagnostics } = compileSpec(withTeams("iam-users", 500, 10, ["analyst"]), { library: small });
    assert.deepEqual(ofCode(diagnostics, "compile-account-quota"), []);
  });

  test("iam-users: a group per team and persona; 126 teams × 4 personas = 504 groups > 500", () => {
    const spec = withTeams("iam-users", 126, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { diagnostics } = compileSpec(spec, { library: untouchable });
    const [e] = ofCode(diagnostics, "compile-account-quota");
    assert.match(
      e.message,
      /at least 504 IAM groups .* AWS allows at most 500: "Groups in an AWS account", 300 by default, raised on request up to 500/,
    );
    assert.match(e.message, IAM_PAGE);
    assert.match(e.message, /Team "t0125"/);
  });

  test("iam-roles: an execution role per team and a role per team and persona; 5,005 roles > 5,000", () => {
    const spec = withTeams("iam-roles", 1001, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { diagnostics } = compileSpec(spec, { library: untouchable });
    const [e] = ofCode(diagnostics, "compile-account-quota");
    assert.match(e.message, /at least 5,005 IAM roles .* at most 5,000: "Roles in an AWS account"/);
  });

  test("identity-center: permission sets are provisioned as roles, so they count as roles too", () => {
    const spec = withTeams("identity-center", 1001, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { diagnostics } = compileSpec(spec, { library: untouchable });
    assert.match(ofCode(diagnostics, "compile-account-quota")[0].message, /at least 5,005 IAM roles/);
  });

  test("a declared quota above AWS's maximum is an error at it", () => {
    const spec = withTeams("iam-users", 1, 1, ["analyst"]);
    spec.quotas = { groups: 800, users: 6000, roles: 2000 };
    spec.locations.set("quotas.groups", { file: "org.yaml", line: 7, column: 3 });
    const { diagnostics } = compileSpec(spec, { library: untouchable });
    const errors = ofCode(diagnostics, "compile-account-quota");
    assert.deepEqual(errors.map((d) => d.message.replace(/ \(IAM User Guide.*/, "")).sort(), [
      'quotas.groups is 800, but AWS raises "Groups in an AWS account" to at most 500',
      'quotas.users is 6,000, but AWS raises "Users in an AWS account" to at most 5,000 (not adjustable)',
    ]);
    assert.equal(errors.find((d) => d.message.startsWith("quotas.groups"))?.line, 7);
  });
});

describe("account quotas: above a default, a warning to request an increase; a declared quota is held", () => {
  test("iam-roles: 1,002 roles and 1,503 customer managed policies warn at the defaults, exactly counted", () => {
    const { model, diagnostics } = compileSpec(withTeams("iam-roles", 501, 1, ["analyst"]), { library: small });
    assert.ok(model);
    const warnings = ofCode(diagnostics, "compile-account-quota-default");
    assert.deepEqual(
      warnings.map((d) => d.message.replace(/:.*/, "")),
      [
        "The spec creates 1,002 IAM roles in account 123456789012, above the default quota of 1,000",
        "The spec creates 1,503 customer managed policies in account 123456789012, above the default quota of 1,500",
      ],
    );
    for (const w of warnings) {
      assert.equal(w.severity, "warning");
      assert.match(w.message, IAM_PAGE);
      assert.match(w.hint ?? "", /Service Quotas/);
    }
    assert.match(warnings[0].hint ?? "", /quotas: \{ roles: 1002 \}/);
  });

  test("declaring the raised quotas silences the warnings; a count above a declared quota is an error", () => {
    const ok = withTeams("iam-roles", 501, 1, ["analyst"]);
    ok.quotas = { roles: 2000, customerManagedPolicies: 2000 };
    assert.deepEqual(compileSpec(ok, { library: small }).diagnostics, []);

    const low = withTeams("iam-roles", 501, 1, ["analyst"]);
    low.quotas = { roles: 1001, customerManagedPolicies: 2000 };
    const { model, diagnostics } = compileSpec(low, { library: untouchable });
    assert.equal(model, undefined, "a lower bound above a declared quota fails before compiling");
    const [e] = ofCode(diagnostics, "compile-account-quota");
    assert.match(
      e.message,
      /at least 1,002 IAM roles .* the spec declares the account's quota as 1,001 \(quotas\.roles\)/,
    );
    assert.match(e.hint ?? "", /Request an increase in Service Quotas/);
  });

  test("identity-center: provisioned permission sets above 250 per account warn, naming the Identity Center page", () => {
    const spec = withTeams("identity-center", 63, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { diagnostics } = compileSpec(spec, { library: small });
    const [w] = ofCode(diagnostics, "compile-account-quota-default");
    assert.match(w.message, /252 provisioned permission sets in account 123456789012, above the default quota of 250/);
    assert.match(w.message, IC_PAGE);
  });

  test("accountQuotas: false skips the check (benchmarks of organizations larger than an account)", () => {
    const spec = withTeams("iam-users", 126, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { model, diagnostics } = compileSpec(spec, { library: small, accountQuotas: false });
    assert.ok(model);
    assert.deepEqual(diagnostics, []);
  });
});

describe("account quotas: customer managed policies beyond the limit before compiling", () => {
  test("iam-roles, 4 personas: at least 6 per team, so 1,000 teams fail at once, naming where the least passes it", () => {
    const spec = withTeams("iam-roles", 1000, 1, ["analyst", "data-scientist", "ml-engineer", "mlops"]);
    const { model, diagnostics } = compileSpec(spec, { library: { ...untouchable, alwaysGrants: true } });
    assert.equal(model, undefined);
    const [e] = ofCode(diagnostics, "compile-account-quota").filter((d) => /customer managed/.test(d.message));
    assert.ok(e, JSON.stringify(diagnostics));
    // A boundary, the execution role's policy and one per persona role: 6 × 834 = 5,004 > 5,000 at t0833.
    assert.match(e.message, /^The spec creates at least 6,000 customer managed policies/);
    assert.match(e.message, /Counting the least each team creates, the limit is passed at team "t0833"\.$/);
    assert.deepEqual([e.file, e.line], ["org.yaml", 933]);
  });
});

describe("account quotas: the lower bound never exceeds the exact count", () => {
  for (const identity of ["iam-users", "iam-roles", "identity-center"] as const) {
    test(identity, () => {
      const spec = loadSpecFromString(generateOrgSpec(7, 6, { identity }), "generated.yaml").spec!;
      const { model } = compileSpec(spec);
      assert.ok(model);
      const exact = modelCounts(model);
      const total = (xs: Array<[string, number]> | undefined) => (xs ?? []).reduce((n, [, c]) => n + c, 0);
      // From the spec alone, and with the real library's word that it grants every role and persona.
      for (const lower of [lowerBoundCounts(spec), lowerBoundCounts(spec, defaultLibrary())]) {
        for (const name of Object.keys(AccountQuotas) as Array<keyof typeof AccountQuotas>) {
          // Team by team: the compiler stops at the first team where the exact counts so far and
          // the bound of the rest are beyond a quota.
          const perTeam = new Map(exact[name] ?? []);
          for (const [team, n] of lower[name] ?? []) {
            assert.ok(n <= (perTeam.get(team) ?? 0), `${identity} ${name} ${team}: ${n}`);
          }
          // Entities (not policies) are known from the spec alone: the bound is exact for them.
          if (name !== "customerManagedPolicies")
            assert.equal(total(lower[name]), total(exact[name]), `${identity} ${name}`);
        }
      }
      // The library's word is worth something: closer than the spec's alone, except where permission
      // sets hold their first statements inline.
      const closer = total(lowerBoundCounts(spec, defaultLibrary()).customerManagedPolicies);
      assert.ok(closer > total(lowerBoundCounts(spec).customerManagedPolicies), identity);
    });
  }
});

describe("account quotas: the real library grants every role and persona (alwaysGrants)", () => {
  // The least a spec can say: no guardrails, no datasets, no extra activities, one member per persona.
  const bare = (identity: Spec["identity"]) =>
    [
      "version: 1",
      "organization: bare",
      'account: "123456789012"',
      "region: us-east-1",
      `identity: ${identity}`,
      "teams:",
      "  solo:",
      "    members:",
      ...["analyst", "data-scientist", "ml-engineer", "mlops"].map((p, i) => `      m${i}: ${p}`),
    ].join("\n");
  for (const identity of ["iam-users", "iam-roles", "identity-center"] as const) {
    test(`${identity}: each execution role, group and role holds a managed policy, as the bound counts`, () => {
      const { spec, diagnostics } = loadSpecFromString(bare(identity), "bare.yaml");
      assert.ok(spec, JSON.stringify(diagnostics));
      const { model } = compileSpec(spec);
      assert.ok(model);
      for (const p of model.principals) {
        if (p.kind === "role") assert.ok(p.managedPolicies.length > 0, p.id);
      }
      for (const g of model.groups) assert.ok(g.managedPolicies.length > 0, g.id);
      const [[, least]] = lowerBoundCounts(spec, defaultLibrary()).customerManagedPolicies ?? [];
      const [[, exact]] = modelCounts(model).customerManagedPolicies ?? [];
      assert.ok(least <= exact, `${least} > ${exact}`);
      assert.equal(least, identity === "identity-center" ? 2 : 6);
    });
  }
});

describe("ai-iam plan: a spec beyond an account's quotas", () => {
  const tmp = mkdtempSync(join(tmpdir(), "ai-iam-quotas-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("exits 2, writes nothing, and names the quota, the count, the limit and the AWS page", () => {
    const file = join(tmp, "org.yaml");
    writeFileSync(file, generateOrgSpec(501, 10));
    const out = join(tmp, "out");
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), "plan", file, "--out", out],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(existsSync(out), false);
    assert.match(r.stderr, /org\.yaml:\d+:3 - error compile-account-quota: The spec creates at least 5,010 IAM users/);
    assert.match(r.stderr, /at least 2,004 IAM groups/);
    assert.match(r.stderr, IAM_PAGE);
  });
});

describe("account quotas: exceeded by the teams compiled so far, an error there without compiling the rest", () => {
  /** Five statements of about 5,000 characters each: a persona's role holds five managed policies. */
  const wide = (team: string): Statement[] =>
    Array.from({ length: 5 }, (_, i) => ({
      Sid: `Wide${i}`,
      Effect: "Allow" as const,
      Action: ["s3:GetObject"],
      Resource: Array.from({ length: 200 }, (_, j) => `arn:aws:s3:::${team}-${i}-${j}/*`),
    }));

  test("iam-roles: 7 customer managed policies per team, at least 3 each not compiled yet; stops after t0500", () => {
    const compiled = new Set<string>();
    const library: ActivityLibrary = {
      ...small,
      personaStatements: (ctx) => {
        compiled.add(ctx.team.name);
        return wide(ctx.team.name);
      },
    };
    const spec = withTeams("iam-roles", 1000, 1, ["analyst"]);
    const { model, diagnostics } = compileSpec(spec, { library });
    assert.equal(model, undefined);
    // The lower bound cannot tell (3,000: a boundary, the execution role's policy and the persona
    // role's per team). The teams t0000–t0500 compiled hold 501 × 7 = 3,507, and the 499 after
    // them at least 1,497: 5,004 > 5,000.
    assert.equal(compiled.size, 501, "the teams after the limit is certain are not compiled");
    assert.equal([...compiled].sort().at(-1), "t0500");
    const errors = diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 1, JSON.stringify(errors));
    const [e] = errors;
    assert.equal(e.code, "compile-account-quota");
    assert.match(
      e.message,
      /^The spec creates at least 5,004 customer managed policies in account 123456789012; AWS allows at most 5,000: "Customer managed policies in an AWS account"/,
    );
    assert.match(e.message, IAM_PAGE);
    // Which team is the first beyond the limit is not known: the message says what is, at the last team compiled.
    assert.match(e.message, /The teams through "t0500" create 3,507, and the 499 after it at least 1,497 more\.$/);
    assert.deepEqual([e.file, e.line, e.column], ["org.yaml", 600, 3]);
  });

  test("a declared quota is held the same way; within it, every team compiles and the count is exact", () => {
    const library: ActivityLibrary = { ...small, personaStatements: (ctx) => wide(ctx.team.name) };
    const low = withTeams("iam-roles", 100, 1, ["analyst"]);
    low.quotas = { customerManagedPolicies: 500 };
    const [e] = ofCode(compileSpec(low, { library }).diagnostics, "compile-account-quota");
    // 51 teams hold 357, the 49 after them at least 147: 504 > 500.
    assert.match(e.message, /at least 504 customer managed policies .* declares the account's quota as 500/);
    assert.match(e.message, /The teams through "t0050" create 357, and the 49 after it at least 147 more/);

    const ok = withTeams("iam-roles", 100, 1, ["analyst"]);
    ok.quotas = { customerManagedPolicies: 700 };
    const { model, diagnostics } = compileSpec(ok, { library });
    assert.ok(model, JSON.stringify(diagnostics));
    assert.equal(model.policies.filter((p) => p.kind === "managed" || p.kind === "boundary").length, 700);
  });

  test("a team whose own policies pass the limit is named the first beyond it", () => {
    // t0000 holds 7; t0001 at least 3: with a quota of 6, t0000 alone is beyond it.
    const library: ActivityLibrary = {
      ...small,
      personaStatements: (ctx) => (ctx.team.name === "t0000" ? wide(ctx.team.name) : [tiny]),
    };
    const spec = withTeams("iam-roles", 2, 1, ["analyst"]);
    spec.quotas = { customerManagedPolicies: 6 };
    const [e] = ofCode(compileSpec(spec, { library }).diagnostics, "compile-account-quota");
    assert.match(e.message, /at least 10 customer managed policies .* declares the account's quota as 6/);
    assert.match(e.message, /Team "t0000" is the first beyond the limit\.$/);
    // With a quota of 8, t0000 alone is within it, and with t0001's least beyond it.
    spec.quotas = { customerManagedPolicies: 8 };
    const [f] = ofCode(compileSpec(spec, { library }).diagnostics, "compile-account-quota");
    assert.match(f.message, /at least 10 customer managed policies/);
    assert.match(f.message, /The teams through "t0000" create 7, and the 1 after it at least 3 more\.$/);
  });
});
