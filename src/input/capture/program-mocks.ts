import { join } from "node:path";
import { unknownMark } from "../../model/unknown-mark.js";
import { componentState, isKnownComponent } from "./components/index.js";
import { invokeResult } from "./mocks/invokes.js";
import { resourceState } from "./mocks/resource-state.js";
import type { ProgramSdk } from "./program-sdk.js";

/**
 * Pulumi's official mocks, set on the program's own SDK, recording everything the program
 * registers as `pulumi preview` would see it: each resource's type, logical name, parent, whether it
 * is a remote (multi-language) component, its inputs, the state AWS would return, and which
 * resources each input was computed from (the engine's property dependencies, which let capture say
 * where an unknown value came from).
 */
export interface RecordedResource {
  type: string;
  name: string;
  urn?: string;
  parentUrn?: string;
  /** A custom resource (AWS's), as opposed to a component. */
  custom: boolean;
  /** A multi-language component: its children are created by its provider, never under mocks. */
  remote: boolean;
  /** Read (`Resource.get`), not created: its policies are not the program's. */
  read: boolean;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  id: string;
  /** Input property → URNs of the resources it depends on. */
  propertyDependencies: Record<string, string[]>;
}

export interface Recorder {
  resources: RecordedResource[];
  /** Invoke tokens the mocks answered by echoing the inputs (no model of their result). */
  unmodeledInvokes: Set<string>;
  /** Every invoke token the program called. */
  invoked: Set<string>;
  /** The resource with this URN. */
  byUrn(urn: string): RecordedResource | undefined;
}

export interface ProgramMockOptions {
  project: string;
  stack: string;
  organization: string;
  account: string;
  region: string;
  partition?: string;
  /** Stack config (`namespace:key` → string; objects and arrays as JSON). */
  config: Record<string, string>;
}

/** Pulumi's wire form of an unknown value (the engine's sentinel). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

interface PendingMeta {
  type: string;
  name: string;
  parentUrn?: string;
  custom: boolean;
  remote: boolean;
  read: boolean;
  propertyDependencies: Record<string, string[]>;
}

/** Set the mocks on the program's SDK and return the recorder. */
export async function setProgramMocks(sdk: ProgramSdk, opts: ProgramMockOptions): Promise<Recorder> {
  const { pulumi } = sdk;
  const ctx = { account: opts.account, region: opts.region, partition: opts.partition ?? "aws" };
  const resources: RecordedResource[] = [];
  const unmodeledInvokes = new Set<string>();
  const invoked = new Set<string>();
  let pending: PendingMeta | undefined;

  const mocks = {
    newResource(args: { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean; id?: string }) {
      const meta = pending && pending.type === args.type && pending.name === args.name ? pending : undefined;
      pending = undefined;
      const custom = meta?.custom ?? args.custom ?? true;
      let id: string;
      let state: Record<string, unknown>;
      if (args.type === "pulumi:pulumi:StackReference") {
        // Another stack's outputs: not knowable offline (getOutput is patched to mark them by name).
        id = String(args.inputs.name ?? args.name);
        state = { name: id, outputs: UNKNOWN, secretOutputNames: [] };
      } else if (!custom) {
        id = "";
        // A known component's outputs are computed; an unknown one's are its inputs, whose outputs
        // were marked unknown by name (markRemoteOutputs).
        state = !meta?.remote
          ? {}
          : isKnownComponent(args.type)
            ? componentState(args.type, args.name, args.inputs, ctx)
            : { ...args.inputs };
      } else {
        ({ id, state } = resourceState(args.type, args.name, args.inputs, ctx));
        if (args.id) id = args.id;
      }
      resources.push({
        type: args.type,
        name: args.name,
        custom,
        remote: meta?.remote ?? false,
        read: meta?.read ?? false,
        inputs: args.inputs,
        state,
        id,
        propertyDependencies: meta?.propertyDependencies ?? {},
        ...(meta?.parentUrn ? { parentUrn: meta.parentUrn } : {}),
      });
      return { id, state };
    },
    call(args: { token: string; inputs: Record<string, unknown> }) {
      invoked.add(args.token);
      let result: ReturnType<typeof invokeResult>;
      try {
        result = invokeResult(args.token, args.inputs, ctx);
      } catch (err) {
        // The SDK reports a failed invoke by the gRPC error's `details`: give it the reason.
        const e = err instanceof Error ? err : new Error(String(err));
        Object.assign(e, { details: e.message });
        throw e;
      }
      if (result) return result;
      unmodeledInvokes.add(args.token);
      return args.inputs;
    },
  };

  await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, true, opts.organization);
  // Resource references in inputs are sent as the referenced resource's id (its ARN for a policy,
  // its name for a role, user or group), as the engine does for a provider's string inputs: the
  // mocks then see values, not Resource objects.
  const settings = sdk.require(join(sdk.root, "runtime", "settings.js"));
  const state = sdk.require(join(sdk.root, "runtime", "state.js"));
  state.getStore().supportsResourceReferences = false;
  // One write: `setConfig` parses and re-serializes the whole configuration for each key it sets
  // (quadratic: 8,000 keys in a stack file took 90 s).
  // (The program's own SDK: one without setAllConfig gets the keys one by one.)
  if (typeof pulumi.runtime.setAllConfig === "function") {
    pulumi.runtime.setAllConfig({ ...pulumi.runtime.allConfig(), ...opts.config });
  } else for (const [key, value] of Object.entries(opts.config)) pulumi.runtime.setConfig(key, value);

  const monitor = settings.getMonitor();
  const record = (req: RequestLike, read: boolean): PendingMeta => {
    const deps: Record<string, string[]> = {};
    req.getPropertydependenciesMap?.()?.forEach((v: { getUrnsList(): string[] }, k: string) => {
      deps[k] = v.getUrnsList();
    });
    return {
      type: req.getType(),
      name: req.getName(),
      ...(req.getParent() ? { parentUrn: req.getParent() } : {}),
      custom: read ? true : Boolean(req.getCustom()),
      remote: read ? false : Boolean(req.getRemote?.()),
      read,
      propertyDependencies: deps,
    };
  };
  const wrap = (method: "registerResource" | "readResource") => {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: RequestLike, callback: (err: unknown, resp?: { getUrn(): string }) => void) => {
      // The mock's newResource runs synchronously at the start of the monitor's method.
      pending = record(req, method === "readResource");
      const count = resources.length;
      return original(req, (err: unknown, resp?: { getUrn(): string }) => {
        const r = resources.slice(count).find((x) => x.type === req.getType() && x.name === req.getName());
        if (r && resp) r.urn = resp.getUrn();
        callback(err, resp);
      });
    };
  };
  wrap("registerResource");
  wrap("readResource");
  markStackReferenceOutputs(sdk);
  markRemoteOutputs(sdk);

  return {
    resources,
    unmodeledInvokes,
    invoked,
    byUrn: (urn) => resources.find((r) => r.urn === urn),
  };
}

interface RequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote?(): boolean;
  getPropertydependenciesMap?(): { forEach(fn: (v: { getUrnsList(): string[] }, k: string) => void): void };
}

/**
 * A stack reference's outputs are another stack's: not knowable offline. Each output the program
 * reads becomes an unknown mark naming the stack and the output, so that a policy built from it is
 * reported precisely ("stack reference acme/shared/dev: dataBucketArn") and its other statements
 * still count.
 */
function markStackReferenceOutputs(sdk: ProgramSdk): void {
  const proto = sdk.pulumi.StackReference?.prototype as Record<string, unknown> | undefined;
  if (!proto) return;
  const mark = (ref: { __name?: string }, name: unknown) =>
    unknownMark(`stack reference ${ref.__name ?? "?"}: ${String(name)}`);
  proto.getOutput = function (this: { __name?: string }, name: unknown) {
    return sdk.pulumi.output(sdk.pulumi.output(name).apply((n: unknown) => mark(this, n)));
  };
  proto.requireOutput = proto.getOutput;
  proto.getOutputValue = async function (this: { __name?: string }, name: string) {
    return mark(this, name);
  };
  proto.requireOutputValue = proto.getOutputValue;
  proto.getOutputDetails = async function (this: { __name?: string }, name: string) {
    return { value: mark(this, name) };
  };
}

/**
 * The outputs of a multi-language component capture does not know come from its provider: offline
 * they are unknown. Each is marked by name (`component lake (datalake:index:DataLake): readerRoleArn`)
 * before registration, so a policy built from one is reported precisely and its other statements
 * still count.
 */
function markRemoteOutputs(sdk: ProgramSdk): void {
  const runtime = sdk.require(join(sdk.root, "runtime", "resource.js")) as Record<string, unknown>;
  const register = runtime.registerResource as ((...args: unknown[]) => unknown) | undefined;
  if (typeof register !== "function") return;
  runtime.registerResource = (...args: unknown[]) => {
    const [, , type, name, custom, remote, , props] = args as [
      unknown,
      unknown,
      string,
      string,
      boolean,
      boolean,
      unknown,
      Record<string, unknown>,
    ];
    if (remote && !custom && !isKnownComponent(type) && typeof props === "object" && props !== null) {
      for (const key of Object.keys(props)) {
        if (props[key] === undefined) props[key] = unknownMark(`component ${name} (${type}): ${key}`);
      }
    }
    return register(...args);
  };
}

/** Wait until the program's pending registrations have drained, or `timeoutMs` passes (false). */
export async function settleProgram(sdk: ProgramSdk, timeoutMs: number): Promise<boolean> {
  const settings = sdk.require(join(sdk.root, "runtime", "settings.js")) as { waitForRPCs?: () => Promise<void> };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const drained = (async () => {
    // Registrations chain through promises; a few macrotask turns let the next ones enqueue.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setImmediate(r));
      await settings.waitForRPCs?.();
    }
    return true as const;
  })();
  try {
    return await Promise.race([drained, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
