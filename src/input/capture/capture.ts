import { pathToFileURL } from "node:url";
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";
import type { AccessModel, ModelPolicy } from "../../model/types.js";
import { componentChildren, isKnownComponent } from "./components/index.js";
import { organizationOf } from "./mocks/invokes.js";
import { buildModel, type CapturedResource, isCapturedType } from "./model/build.js";
import { type ProgramConfigOptions, readProgram } from "./program-config.js";
import { guardProgram, programFrame } from "./program-guard.js";
import { type RecordedResource, setProgramMocks, settleProgram } from "./program-mocks.js";
import { loadProgramSdk, stubCodeSerialization } from "./program-sdk.js";

/**
 * Capture: run a Pulumi TypeScript or JavaScript program the way `pulumi preview` would — offline,
 * in this process, under Pulumi's official mocks set on the program's own `@pulumi/pulumi` — and
 * rebuild the IAM it declares as an AccessModel. Values the mocks cannot supply stay unknown and
 * are reported by name (the resource, the property, and where the value would have come from);
 * decisions that depend on them are `Unknown`, never denied.
 *
 * Pulumi's runtime state is per process: capture one program per process (the CLI does).
 */
export interface CaptureOptions extends ProgramConfigOptions {
  /** The account ARNs are synthesized in. Default `123456789012`. */
  account?: string;
  /** Default: the stack's `aws:region`, else `AWS_REGION`, else `us-east-1`. */
  region?: string;
  /** Pulumi organization (`pulumi.getOrganization()`). Default `organization`. */
  organization?: string;
  /** How long to wait for the program to load and its registrations to settle. Default 30 s. */
  timeoutMs?: number;
}

export interface CaptureResult {
  model?: AccessModel;
  diagnostics: Diagnostic[];
}

let captures = 0;
let loaders: Promise<void> | undefined;

/**
 * TypeScript programs load through tsx, as Pulumi runs them: the ESM loader for ES modules and the
 * CommonJS loader for CommonJS programs (Pulumi's default template), whose extensionless
 * `require("./lib")` and TypeScript syntax only the latter handles.
 */
function registerLoaders(): Promise<void> {
  loaders ??= (async () => {
    try {
      const esm = (await import("tsx/esm/api")) as { register: () => unknown };
      const cjs = (await import("tsx/cjs/api")) as { register: () => unknown };
      esm.register();
      cjs.register();
    } catch (err) {
      throw new Error(`loading a TypeScript program needs tsx (npm install tsx): ${errorMessage(err)}`);
    }
  })();
  return loaders;
}

function diag(code: DiagnosticCode, message: string, file?: string, hint?: string): Diagnostic {
  return { code, severity: "error", message, ...(file ? { file } : {}), ...(hint ? { hint } : {}) };
}

/** Run the program in `path` under mocks and rebuild its IAM. Never throws for the program's fault. */
export async function captureProgram(path: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  const { info, diagnostics } = readProgram(path, opts);
  if (!info) return { diagnostics };
  const account = opts.account ?? "123456789012";
  if (!/^\d{12}$/.test(account)) {
    return { diagnostics: [diag("invalid-account", `account must be 12 digits, not ${JSON.stringify(account)}`)] };
  }
  const region = opts.region ?? info.config["aws:region"] ?? process.env.AWS_REGION ?? "us-east-1";
  const config = { ...info.config, "aws:region": region };
  for (const key of info.secrets) {
    diagnostics.push({
      code: "capture-secret-config",
      severity: "warning",
      message: `${key} is an encrypted (secure) config value, unknown offline: a policy built from it is reported as unknown; pass it with --config to use a value`,
      file: info.dir,
    });
  }
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let sdk: ReturnType<typeof loadProgramSdk>;
  try {
    sdk = loadProgramSdk(info.dir);
  } catch (err) {
    return {
      diagnostics: [
        ...diagnostics,
        diag(
          "program-sdk-missing",
          `cannot load @pulumi/pulumi for ${path}: ${errorMessage(err)}`,
          info.dir,
          "run npm install in the program's folder",
        ),
      ],
    };
  }
  stubCodeSerialization(sdk);
  const recorder = await setProgramMocks(sdk, {
    project: info.project,
    stack: info.stack,
    organization: opts.organization ?? "organization",
    account,
    region,
    config,
  });

  const failures: unknown[] = [];
  // A throw from the program's callbacks, an unhandled rejection, a call to process.exit: each a failure.
  const endGuard = guardProgram(info.dir, (err) => {
    if (!failures.includes(err)) failures.push(err);
  });
  const cwd = process.cwd();
  // The program's console output is not ours: it goes to stderr, so `--format json` stays JSON.
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    process.chdir(info.dir);
    captures += 1;
    if (/\.[cm]?tsx?$/.test(info.entry)) await registerLoaders();
    let timer: NodeJS.Timeout | undefined;
    const run = (async () => {
      const mod = (await import(`${pathToFileURL(info.entry).href}?capture=${captures}`)) as Record<string, unknown>;
      // Pulumi calls a default-exported function (ESM `export default`, CommonJS `export =`) and awaits it.
      const main = typeof mod.default === "function" ? mod.default : undefined;
      if (main) await (main as () => unknown)();
      return true as const;
    })();
    const loaded = await Promise.race([
      run,
      new Promise<false>((r) => {
        timer = setTimeout(() => r(false), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!loaded) {
      diagnostics.push(
        diag(
          "capture-timeout",
          `the program did not finish within ${timeoutMs} ms; it may await a value the mocks cannot supply`,
          info.entry,
          "await Outputs through `.apply` instead of at the top level; capture analyzes only a program that finished",
        ),
      );
      return { diagnostics };
    }
    if (!(await settleProgram(sdk, timeoutMs))) {
      diagnostics.push({
        code: "capture-timeout",
        severity: "warning",
        message: `the program's registrations did not settle within ${timeoutMs} ms; what registered so far is analyzed`,
        file: info.entry,
      });
    }
  } catch (err) {
    if (!failures.includes(err)) failures.push(err);
    await settleProgram(sdk, 1000);
  } finally {
    process.stdout.write = write;
    process.chdir(cwd);
    const cancelled = endGuard();
    if (cancelled > 0 && failures.length === 0) {
      diagnostics.push({
        code: "capture-timeout",
        severity: "warning",
        message: `the program left ${cancelled} timer${cancelled === 1 ? "" : "s"} (setTimeout, setInterval, setImmediate) pending once its registrations settled: they were cancelled, and anything they would have registered is not analyzed`,
        file: info.entry,
        hint: "register every resource while the program runs, not from a timer",
      });
    }
  }
  const reported = new Set<string>();
  for (const err of failures) {
    const where = locateFailure(err, info.dir) ?? { file: info.entry };
    const d = { ...diag("program-failed", `the program failed under mocks: ${failureMessage(err)}`), ...where };
    const key = JSON.stringify(d);
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push(d);
  }
  if (failures.length > 0) return { diagnostics };

  const { resources, unseen, invisible, read } = collect(recorder.resources, { account, region });
  for (const c of invisible) {
    diagnostics.push({
      code: "capture-component-invisible",
      severity: "warning",
      message: `${c.name} (${c.type}) is a multi-language component: its provider creates its children, which never register offline, so any IAM it creates is not seen`,
      file: info.entry,
      hint: "decisions for principals it is given are Unknown; capture knows @pulumi/awsx's and @pulumi/eks's components",
    });
  }
  if (recorder.unmodeledInvokes.size > 0) {
    diagnostics.push({
      code: "capture-invoke-not-modeled",
      severity: "info",
      message: `data sources answered with their inputs (no offline model): ${[...recorder.unmodeledInvokes].sort().join(", ")}`,
      file: info.entry,
    });
  }
  const built = buildModel(resources, {
    account,
    region,
    source: { kind: "program", path },
    file: info.entry,
    unseen,
  });
  const model = markUnseenAccess(built.model, invisible, read, diagnostics, info.entry);
  // A program that reads its organization runs in an account of it (the mocks' organization).
  if (recorder.invoked.has("aws:organizations/getOrganization:getOrganization")) {
    model.organizationId = organizationOf({ account, region }).id;
  }
  return { model, diagnostics: [...diagnostics, ...built.diagnostics] };
}

const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/**
 * The resources the model is built from: the program's IAM resources, and those that known remote
 * components (awsx, eks) create, rebuilt from their inputs. Also what cannot be seen: stack
 * references, unknown remote components, resources read from the account.
 */
function collect(recorded: readonly RecordedResource[], ctx: { account: string; region: string }) {
  const resources: CapturedResource[] = [];
  const unseen: Record<string, string> = {};
  const invisible: RecordedResource[] = [];
  const read: RecordedResource[] = [];
  for (const r of recorded) {
    if (r.type === "pulumi:pulumi:StackReference") {
      unseen[r.name] =
        `stack reference ${r.name} (${String(r.inputs.name ?? r.name)}), whose outputs are another stack's`;
      continue;
    }
    if (!r.custom && r.remote) {
      if (isKnownComponent(r.type)) {
        for (const child of componentChildren(r.type, r.name, r.inputs, ctx)) resources.push(child);
      } else {
        unseen[r.name] = `component ${r.name} (${r.type}), whose children are not seen offline`;
        invisible.push(r);
      }
      continue;
    }
    if (!isCapturedType(r.type)) continue;
    if (r.read) read.push(r);
    const deps: Record<string, string[]> = {};
    for (const [k, urns] of Object.entries(r.propertyDependencies)) deps[k] = urns.map(urnName);
    resources.push({
      type: r.type,
      name: r.name,
      props: { ...r.inputs, ...r.state },
      propertyDependencies: deps,
      read: r.read,
    });
  }
  return { resources, unseen, invisible, read };
}

/** Every string inside a value. */
function stringsIn(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof v === "string") out.add(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out);
  else if (typeof v === "object" && v !== null) for (const x of Object.values(v)) stringsIn(x, out);
  return out;
}

/**
 * Principals whose access capture cannot fully see get an unknown policy: those given (by name or
 * ARN) to a component whose children are invisible, and those read from the account rather than
 * created (their other policies are not in the program).
 */
function markUnseenAccess(
  model: AccessModel,
  invisible: readonly RecordedResource[],
  read: readonly RecordedResource[],
  diagnostics: Diagnostic[],
  file: string,
): AccessModel {
  const added: ModelPolicy[] = [];
  const attach = (principalId: string, id: string, reason: string) => {
    const p = model.principals.find((x) => x.id === principalId) ?? model.groups.find((g) => g.id === principalId);
    if (!p) return;
    if (!added.some((a) => a.id === id)) {
      added.push({
        id,
        name: id,
        kind: "managed",
        policyType: "identity",
        document: { Version: "2012-10-17", Statement: [] },
        size: 0,
        unknown: { whole: true, reasons: [reason] },
      });
    }
    p.managedPolicies = [...new Set([...p.managedPolicies, id])].sort();
  };
  for (const c of invisible) {
    const given = stringsIn(c.inputs);
    for (const p of [...model.principals, ...model.groups]) {
      if (!given.has(p.name) && !given.has(p.arn) && !given.has(p.id)) continue;
      attach(
        p.id,
        `unseen:${c.name}`,
        `${c.name} (${c.type}) is given ${p.id} and may grant it access capture cannot see`,
      );
    }
  }
  for (const r of read) {
    attach(
      r.name,
      `unseen:${r.name}`,
      `${r.name} (${r.type}) exists outside the program (Resource.get): its other policies are not seen`,
    );
    diagnostics.push({
      code: "capture-unknown-value",
      severity: "warning",
      message: `${r.name} (${r.type}) is read from the account, not created: the policies it already has are not known`,
      file,
    });
  }
  if (added.length === 0) return model;
  return { ...model, policies: [...model.policies, ...added].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

/**
 * Where a program failed: a syntax error's position as the TypeScript transform reports it
 * (`file:line:column: ERROR: ...`), else the first stack frame inside the program's folder (tsx
 * maps frames to TypeScript lines). Frames in `node_modules` are libraries, not the program.
 */
function locateFailure(err: unknown, programDir: string): { file: string; line: number; column: number } | undefined {
  const text = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
  const transform = /^(.+?):(\d+):(\d+): ERROR: /m.exec(text);
  if (transform?.[1]) return { file: transform[1], line: Number(transform[2]), column: Number(transform[3]) };
  return programFrame(text, [programDir]);
}

/** The failure's message: a syntax error's own text, else the error's first line. */
function failureMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const transform = /^.+?:\d+:\d+: ERROR: (.+)$/m.exec(text);
  return transform?.[1] ?? errorMessage(err);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0] ?? String(err);
  return String(err);
}

/**
 * The helper commands call for `--program <dir>`: the captured model, or diagnostics. A model
 * whose program declares invalid policies comes back with those errors; callers exit 2.
 */
export async function loadModelFromProgram(dir: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  return captureProgram(dir, opts);
}
