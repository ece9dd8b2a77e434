import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { after, before } from "node:test";

/**
 * A client of the policy pack as the Pulumi CLI runs it: the nodejs language host starts Pulumi's
 * policy-pack runner on the pack's folder, reads the port it prints, and talks to it over the
 * analyzer gRPC protocol. The client side uses the very modules @pulumi/policy serves with
 * (@grpc/grpc-js and the generated analyzer stubs from @pulumi/pulumi), loaded from @pulumi/pulumi's
 * own location so the message classes are the ones the server checks against.
 * `startPackForSuite()` starts one pack per test file (before) and stops it (after).
 */
const require = createRequire(import.meta.url);
const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = createRequire(resolve(pulumiDir, "index.js"));
// biome-ignore lint/suspicious/noExplicitAny: the generated stubs are untyped CommonJS
export type Any = any;
export const grpc: Any = fromPulumi("@grpc/grpc-js");
export const pb: Any = fromPulumi("./proto/analyzer_pb.js");
const rpc: Any = fromPulumi("./proto/analyzer_grpc_pb.js");
export const { Struct }: Any = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
export const { Empty }: Any = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");

let pack: ChildProcess;
let client: Any;

export function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((ok, fail) => client[method](request, (err: Error | null, res: T) => (err ? fail(err) : ok(res))));
}

export function startPackForSuite(): void {
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
}

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const urn = (type: string, name: string) => `urn:pulumi:dev::demo::${type}::${name}`;

function options(): Any {
  return new pb.AnalyzerResourceOptions().setProtect(false).setIgnorechangesList([]).setAliasesList([]);
}

export function analyzeRequest(type: string, name: string, props: object): Any {
  return new pb.AnalyzeRequest()
    .setType(type)
    .setName(name)
    .setUrn(urn(type, name))
    .setProperties(Struct.fromJavaScript(props))
    .setOptions(options());
}

export function stackResource(type: string, name: string, props: object, deps: Record<string, string[]> = {}): Any {
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

export const diagnosticsOf = (res: Any) =>
  res.getDiagnosticsList().map((d: Any) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
    urn: d.getUrn(),
  }));

/** Configure the pack as the CLI does with a policy config file: policy name → [enforcement level, properties]. */
export function configure(policies: Record<string, [level: number, properties: object]>): Promise<unknown> {
  const req = new pb.ConfigureAnalyzerRequest();
  for (const [name, [level, properties]] of Object.entries(policies)) {
    req
      .getPolicyconfigMap()
      .set(name, new pb.PolicyConfig().setEnforcementlevel(level).setProperties(Struct.fromJavaScript(properties)));
  }
  return call("configure", req);
}
