/**
 * Properties of the engine on random policy sets and requests (fast-check):
 * explicit deny wins; adding an Allow never turns Allowed into a denial; removing a Deny never
 * turns Allowed into a denial; a policy and its canonical form decide identically; the
 * explanation's statements really match the request (checked by an independent, naive matcher);
 * explained and fast decisions agree.
 * AWS: IAM User Guide, "Policy evaluation logic" (an explicit deny in any policy overrides any allow).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createEvaluator } from "../../src/engine/index.js";
import { canonicalJson } from "../../src/policy/canonical.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { AccessRequest, PolicySet } from "../../src/policy/policy-set.js";
import type { ConditionBlock, NamedPolicy, PolicyDocument, PolicyKind, Statement } from "../../src/policy/types.js";

const ACCOUNT = "111122223333";
const PRINCIPALS = [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:sts::${ACCOUNT}:assumed-role/ml/s1`];
const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances"];
const ACTION_PATTERNS = [...ACTIONS, "s3:Get*", "s3:*", "*", "S3:p?tobject", "ec2:*Instances"];
const RESOURCES = ["arn:aws:s3:::data/a.txt", "arn:aws:s3:::data/b/c.txt", "arn:aws:s3:::logs/x", "*"];
const RESOURCE_PATTERNS = [
  "*",
  "arn:aws:s3:::data/*",
  "arn:aws:s3:::data/a.txt",
  "arn:aws:s3:::?ogs/*",
  "arn:aws:s3:::*",
];

const conditionArb: fc.Arbitrary<ConditionBlock | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(undefined),
  fc.constantFrom<ConditionBlock>(
    { StringEquals: { "aws:PrincipalTag/team": ["vision"] } },
    { StringNotEquals: { "aws:PrincipalTag/team": ["nlp"] } },
    { StringLike: { "s3:prefix": ["home/*"] } },
    { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
    { Bool: { "aws:SecureTransport": ["true"] } },
    { Null: { "aws:SourceIp": ["true"] } },
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
    { "ForAnyValue:StringEquals": { "aws:TagKeys": ["secret"] } },
  ),
);

const statementArb = (withPrincipal: boolean): fc.Arbitrary<Statement> =>
  fc
    .record({
      effect: fc.constantFrom<"Allow" | "Deny">("Allow", "Allow", "Deny"),
      notAction: fc.boolean(),
      actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
      condition: conditionArb,
      principal: fc.constantFrom<Statement["Principal"]>("*", { AWS: [PRINCIPALS[0]] }, { AWS: [ACCOUNT] }),
    })
    .map((r) => {
      const st: Statement = { Effect: r.effect };
      if (r.notAction && r.actions.every((a) => a !== "*")) st.NotAction = r.actions;
      else st.Action = r.actions;
      if (r.notResource && r.resources.every((x) => x !== "*")) st.NotResource = r.resources;
      else st.Resource = r.resources;
      if (r.condition) st.Condition = r.condition;
      if (withPrincipal) st.Principal = r.principal;
      return st;
    });

const docArb = (withPrincipal = false): fc.Arbitrary<PolicyDocument> =>
  fc.array(statementArb(withPrincipal), { minLength: 1, maxLength: 4 }).map((Statement) => ({
    Version: "2012-10-17",
    Statement,
  }));

const named = (document: PolicyDocument, name: string): NamedPolicy => ({ name, document });

const setArb: fc.Arbitrary<PolicySet> = fc
  .record({
    identity: fc.array(docArb(), { minLength: 0, maxLength: 3 }),
    resource: fc.option(docArb(true), { nil: undefined }),
    boundary: fc.option(docArb(), { nil: undefined }),
    scp: fc.option(docArb(), { nil: undefined }),
    session: fc.option(docArb(), { nil: undefined }),
  })
  .map((r) => {
    const set: PolicySet = { identityPolicies: r.identity.map((d, i) => named(d, `id${i}`)) };
    if (r.resource) set.resourcePolicy = named(r.resource, "rp");
    if (r.boundary) set.permissionBoundaries = [named(r.boundary, "pb")];
    if (r.scp) set.scps = [[named(r.scp, "scp")]];
    if (r.session) set.sessionPolicy = named(r.session, "session");
    return set;
  });

const requestArb: fc.Arbitrary<AccessRequest> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    team: fc.option(fc.constantFrom("vision", "nlp"), { nil: undefined }),
    ip: fc.option(fc.constantFrom("10.1.2.3", "192.168.1.1"), { nil: undefined }),
    tls: fc.option(fc.constantFrom("true", "false"), { nil: undefined }),
    prefix: fc.option(fc.constantFrom("home/alice/", "public/"), { nil: undefined }),
    tags: fc.option(fc.subarray(["team", "env", "secret"]), { nil: undefined }),
  })
  .map((r) => {
    const context: Record<string, string | string[]> = {};
    if (r.team) context["aws:PrincipalTag/team"] = r.team;
    if (r.ip) context["aws:SourceIp"] = r.ip;
    if (r.tls) context["aws:SecureTransport"] = r.tls;
    if (r.prefix) context["s3:prefix"] = r.prefix;
    if (r.tags) context["aws:TagKeys"] = r.tags;
    return { principal: r.principal, action: r.action, resource: r.resource, resourceAccount: ACCOUNT, context };
  });

const decide = (set: PolicySet, req: AccessRequest) => createEvaluator(set).evaluate(req).decision;
const RUNS = { numRuns: 300 };

test("an explicit Deny matching the request always wins, in whichever layer it is", () => {
  fc.assert(
    fc.property(
      setArb,
      requestArb,
      fc.constantFrom("identity", "boundary", "scp", "session", "resource"),
      (set, req, layer) => {
        const deny: Statement = { Effect: "Deny", Action: [req.action], Resource: [req.resource] };
        const doc = (s: Statement): NamedPolicy => named({ Version: "2012-10-17", Statement: [s] }, "deny");
        const next: PolicySet = structuredClone(set);
        if (layer === "identity") next.identityPolicies.push(doc(deny));
        else if (layer === "boundary") next.permissionBoundaries = [...(next.permissionBoundaries ?? []), doc(deny)];
        else if (layer === "scp") next.scps = [...(next.scps ?? []), [doc(deny)]];
        else if (layer === "session") {
          if (!next.sessionPolicy) next.sessionPolicy = doc(deny);
          else next.sessionPolicy.document.Statement.push(deny);
        } else {
          const withPrincipal = { ...deny, Principal: "*" as const };
          if (!next.resourcePolicy) next.resourcePolicy = doc(withPrincipal);
          else next.resourcePolicy.document.Statement.push(withPrincipal);
        }
        // A session policy applies only to sessions; a deny there does not touch an IAM user.
        const applies = layer !== "session" || req.principal.includes(":assumed-role/");
        if (applies) assert.equal(decide(next, req), "ExplicitlyDenied");
      },
    ),
    RUNS,
  );
});

test("adding an Allow never turns Allowed into a denial", () => {
  fc.assert(
    fc.property(setArb, requestArb, statementArb(false), fc.nat(4), (set, req, extra, where) => {
      fc.pre(decide(set, req) === "Allowed");
      const allow: Statement = { ...extra, Effect: "Allow" };
      const next: PolicySet = structuredClone(set);
      const targets = [
        () => next.identityPolicies.push(named({ Version: "2012-10-17", Statement: [allow] }, "extra")),
        () => next.permissionBoundaries?.[0]?.document.Statement.push(allow),
        () => next.scps?.[0]?.[0]?.document.Statement.push(allow),
        () => next.sessionPolicy?.document.Statement.push(allow),
        () => next.resourcePolicy?.document.Statement.push({ ...allow, Principal: "*" }),
      ];
      targets[where % targets.length]();
      assert.equal(decide(next, req), "Allowed");
    }),
    RUNS,
  );
});

test("removing a Deny never turns Allowed into a denial", () => {
  fc.assert(
    fc.property(setArb, requestArb, fc.nat(), (set, req, pick) => {
      fc.pre(decide(set, req) === "Allowed");
      const next: PolicySet = structuredClone(set);
      const docs = [
        ...next.identityPolicies,
        ...(next.permissionBoundaries ?? []),
        ...(next.scps ?? []).flat(),
        ...(next.sessionPolicy ? [next.sessionPolicy] : []),
        ...(next.resourcePolicy ? [next.resourcePolicy] : []),
      ].map((p) => p.document);
      const denies = docs.flatMap((d) => d.Statement.filter((s) => s.Effect === "Deny").map((s) => ({ d, s })));
      fc.pre(denies.length > 0);
      const { d, s } = denies[pick % denies.length];
      d.Statement.splice(d.Statement.indexOf(s), 1);
      assert.equal(decide(next, req), "Allowed");
    }),
    RUNS,
  );
});

function canonical(np: NamedPolicy, kind: PolicyKind): NamedPolicy {
  const parsed = parsePolicy(canonicalJson(np.document), { kind });
  assert.ok(parsed.document, JSON.stringify(parsed.diagnostics));
  return { name: np.name, document: parsed.document };
}

test("a policy set and its canonical form decide identically", () => {
  fc.assert(
    fc.property(setArb, requestArb, (set, req) => {
      const canon: PolicySet = {
        identityPolicies: set.identityPolicies.map((p) => canonical(p, "identity")),
      };
      if (set.resourcePolicy) canon.resourcePolicy = canonical(set.resourcePolicy, "resource");
      if (set.permissionBoundaries)
        canon.permissionBoundaries = set.permissionBoundaries.map((p) => canonical(p, "boundary"));
      if (set.scps) canon.scps = set.scps.map((l) => l.map((p) => canonical(p, "scp")));
      if (set.sessionPolicy) canon.sessionPolicy = canonical(set.sessionPolicy, "session");
      assert.equal(decide(canon, req), decide(set, req));
    }),
    RUNS,
  );
});

// ---- An independent, deliberately naive matcher for the generator's subset of IAM ----

function glob(pattern: string, s: string, ignoreCase: boolean): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    ignoreCase ? "is" : "s",
  );
  return re.test(s);
}

function naiveCondition(block: ConditionBlock, ctx: Record<string, string | string[]>): boolean {
  return Object.entries(block).every(([op, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const v = ctx[key];
      const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
      switch (op) {
        case "StringEquals":
          return list.some((x) => values.includes(x));
        case "StringNotEquals":
          return !list.some((x) => values.includes(x));
        case "StringLike":
          return list.some((x) => values.some((p) => glob(p, x, false)));
        case "IpAddress":
          return list.some((x) => x.startsWith("10."));
        case "Bool":
          return list.some((x) => values.includes(x));
        case "Null":
          return (list.length === 0) === (values[0] === "true");
        case "ForAllValues:StringEquals":
          return list.every((x) => values.includes(x));
        case "ForAnyValue:StringEquals":
          return list.some((x) => values.includes(x));
        default:
          throw new Error(`naive matcher lacks ${op}`);
      }
    }),
  );
}

function naiveMatches(st: Statement, req: AccessRequest): boolean {
  const actions = st.Action ?? st.NotAction ?? [];
  const a = actions.some((p) => glob(p, req.action, true));
  if (a === !st.Action) return false;
  const resources = st.Resource ?? st.NotResource ?? [];
  const r = resources.some((p) => glob(p, req.resource, false));
  if (r === !st.Resource) return false;
  if (st.Principal && st.Principal !== "*") {
    const aws = st.Principal.AWS ?? [];
    if (!aws.some((p) => p === req.principal || p === ACCOUNT)) return false;
  }
  return !st.Condition || naiveCondition(st.Condition, req.context ?? {});
}

function findStatement(set: PolicySet, layer: string, policy: string, index: number): Statement {
  const all: NamedPolicy[] = [
    ...set.identityPolicies,
    ...(set.permissionBoundaries ?? []),
    ...(set.scps ?? []).flat(),
    ...(set.sessionPolicy ? [set.sessionPolicy] : []),
    ...(set.resourcePolicy ? [set.resourcePolicy] : []),
  ];
  const p = all.find((x) => x.name === policy);
  assert.ok(p, `${layer} ${policy}`);
  return p.document.Statement[index];
}

test("the explanation's statements really match the request, and agree with the decision", () => {
  fc.assert(
    fc.property(setArb, requestArb, (set, req) => {
      const e = createEvaluator(set);
      const fast = e.evaluate(req);
      const explained = e.evaluate(req, { explain: true });
      assert.equal(explained.decision, fast.decision);
      const statements = explained.explanation!.statements;
      for (const m of statements) {
        const st = findStatement(set, m.layer, m.policy, m.statementIndex);
        assert.equal(st.Effect, m.effect);
        assert.ok(naiveMatches(st, req), `${JSON.stringify(m)} does not match ${JSON.stringify(req)}`);
      }
      if (fast.decision === "ExplicitlyDenied") assert.ok(statements.some((s) => s.effect === "Deny"));
      if (fast.decision === "Allowed") {
        assert.ok(statements.some((s) => s.effect === "Allow" && (s.layer === "identity" || s.layer === "resource")));
        assert.ok(!statements.some((s) => s.effect === "Deny"));
      }
      if (fast.decision === "ImplicitlyDenied") assert.ok(explained.explanation!.missingAllows.length > 0);
    }),
    { numRuns: 500 },
  );
});
