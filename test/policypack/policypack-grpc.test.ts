import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { after, before, describe, test } from "node:test";

/**
 * The policy pack as the Pulumi CLI runs it: the nodejs language host starts Pulumi's policy-pack
 * runner on the pack's folder, reads the port it prints, and talks to it over the analyzer gRPC
 * protocol. The client side uses the very modules @pulumi/policy serves with (@grpc/grpc-js and
 * the generated analyzer stubs from @pulumi/pulumi), loaded from @pulumi/pulumi's own location so
 * the message classes are the ones the server checks against.
 */
const require = createRequire(import.meta.url);
const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = createRequire(resolve(pulumiDir, "index.js"));
// biome-ignore lint/suspicious/noExplicitAny: the generated stubs are untyped CommonJS
type Any = any;
const grpc: Any = fromPulumi("@grpc/grpc-js");
const pb: Any = fromPulumi("./proto/analyzer_pb.js");
const rpc: Any = fromPulumi("./proto/analyzer_grpc_pb.js");
const { Struct }: Any = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
const { Empty }: Any = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");

let pack: ChildProcess;
let client: Any;

function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((ok, fail) => client[method](request, (err: Error | null, res: T) => (err ? fail(err) : ok(res))));
}

before(async () => {
  pack = spawn(process.execPath, [resolve(pulumiDir, "cmd/run-policy-pack"), "127.0.0.1:0", resolve("policypack")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  pack.stderr?.on("data", (d) => {
    stderr += d;
  });
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the pack printed no port within 20 s\n${stderr}`)), 20_000);
    let out = "";
    pack.stdout?.on("data", (d) => {
      out += d;
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    pack.on("exit", (code) => fail(new Error(`the pack exited with ${code}\n${stderr}`)));
  });
  client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

after(() => {
  client?.close();
  pack?.kill();
});

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urn = (type: string, name: string) => `urn:pulumi:dev::demo::${type}::${name}`;

function options(): Any {
  return new pb.AnalyzerResourceOptions().setProtect(false).setIgnorechangesList([]).setAliasesList([]);
}

function analyzeRequest(type: string, name: string, props: object): Any {
  return new pb.AnalyzeRequest()
    .setType(type)
    .setName(name)
    .setUrn(urn(type, name))
    .setProperties(Struct.fromJavaScript(props))
    .setOptions(options());
}

function stackResource(type: string, name: string, props: object, deps: Record<string, string[]> = {}): Any {
  const r = new pb.AnalyzerResource()
    .setType(type)
    .setName(name)
    .setUrn(urn(type, name))
    .setProperties(Struct.fromJavaScript(props))
    .setOptions(options())
    .setDependenciesList(Object.values(deps).flat());
  for (const [k, urns] of Object.entries(deps)) {
    r.getPropertydependenciesMap().set(k, new pb.AnalyzerPropertyDependencies().setUrnsList(urns));
  }
  return r;
}

const diagnosticsOf = (res: Any) =>
  res.getDiagnosticsList().map((d: Any) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
    urn: d.getUrn(),
  }));

const broad = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
});

describe("the policy pack over the analyzer gRPC protocol", () => {
  test("GetAnalyzerInfo lists the pack and its policies with their enforcement levels", async () => {
    const info: Any = await call("getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "ai-iam");
    const policies = info
      .getPoliciesList()
      .map((p: Any) => `${p.getName()}=${p.getEnforcementlevel()}`)
      .sort();
    const { ADVISORY, MANDATORY } = pb.EnforcementLevel;
    assert.deepEqual(policies, [
      `iam-mfa-guardrail=${MANDATORY}`,
      `iam-policies-on-users=${ADVISORY}`,
      `iam-policy-documents-advisory=${ADVISORY}`,
      `iam-policy-documents=${MANDATORY}`,
      `iam-privilege-escalation=${MANDATORY}`,
    ]);
  });

  test("Analyze: a risky policy document is a mandatory violation; a bucket is not applicable", async () => {
    const res: Any = await call("analyze", analyzeRequest("aws:iam/policy:Policy", "broad", { policy: broad }));
    const ds = diagnosticsOf(res);
    const mandatory = ds.filter((d: Any) => d.policy === "iam-policy-documents");
    assert.ok(mandatory.length > 0, JSON.stringify(ds));
    assert.ok(mandatory.every((d: Any) => d.level === pb.EnforcementLevel.MANDATORY));
    assert.ok(mandatory.some((d: Any) => d.message.includes("[allow-with-not-action]")));

    const bucket: Any = await call("analyze", analyzeRequest("aws:s3/bucket:Bucket", "b", { bucket: "x" }));
    assert.deepEqual(diagnosticsOf(bucket), []);
    const notApplicable = bucket
      .getNotApplicableList()
      .map((n: Any) => n.getPolicyName())
      .sort();
    assert.deepEqual(notApplicable, ["iam-policy-documents", "iam-policy-documents-advisory"]);
  });

  test("AnalyzeStack: the seed's user gets the advisory violation, linked through property dependencies", async () => {
    const policy = stackResource("aws:iam/policy:Policy", "aiPolicy", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme/*" }],
      }),
      arn: UNKNOWN,
    });
    const user = stackResource("aws:iam/user:User", "aiUser", { name: UNKNOWN, forceDestroy: true });
    const attachment = stackResource(
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "aiUserPolicyAttachment",
      { user: UNKNOWN, policyArn: UNKNOWN },
      { user: [urn("aws:iam/user:User", "aiUser")], policyArn: [urn("aws:iam/policy:Policy", "aiPolicy")] },
    );
    const res: Any = await call(
      "analyzeStack",
      new pb.AnalyzeStackRequest().setResourcesList([policy, user, attachment]),
    );
    const onUsers = diagnosticsOf(res).filter((d: Any) => d.policy === "iam-policies-on-users");
    assert.equal(onUsers.length, 1, JSON.stringify(diagnosticsOf(res)));
    assert.equal(onUsers[0].urn, urn("aws:iam/user:User", "aiUser"));
    assert.equal(onUsers[0].level, pb.EnforcementLevel.ADVISORY);
  });

  test("Configure: enforcement is configurable per policy (disabled policies report nothing)", async () => {
    const req = new pb.ConfigureAnalyzerRequest();
    req
      .getPolicyconfigMap()
      .set(
        "iam-policy-documents",
        new pb.PolicyConfig()
          .setEnforcementlevel(pb.EnforcementLevel.DISABLED)
          .setProperties(Struct.fromJavaScript({})),
      );
    req
      .getPolicyconfigMap()
      .set(
        "iam-policy-documents-advisory",
        new pb.PolicyConfig()
          .setEnforcementlevel(pb.EnforcementLevel.MANDATORY)
          .setProperties(Struct.fromJavaScript({ includeSuggestions: false })),
      );
    await call("configure", req);
    const res: Any = await call(
      "analyze",
      analyzeRequest("aws:iam/policy:Policy", "nov", {
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }),
      }),
    );
    const ds = diagnosticsOf(res);
    assert.equal(ds.filter((d: Any) => d.policy === "iam-policy-documents").length, 0);
    const advisory = ds.filter((d: Any) => d.policy === "iam-policy-documents-advisory");
    assert.ok(
      advisory.some((d: Any) => d.message.includes("missing-version")),
      JSON.stringify(ds),
    );
    assert.ok(advisory.every((d: Any) => d.level === pb.EnforcementLevel.MANDATORY));
  });
});
