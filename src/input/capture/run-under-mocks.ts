import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { invokeResult } from "./mocks/invokes.js";
import { autoNameSuffix, resourceState } from "./mocks/resource-state.js";

export { autoNameSuffix };

/**
 * Runs a Pulumi TypeScript program in-process under Pulumi's official mocks: no CLI, no cloud.
 * The mocks answer as AWS would: physical names are the logical name plus a random-looking (but
 * deterministic) suffix, and ARNs follow each service's format. Everything registered is recorded.
 */
export interface RegisteredResource {
  type: string;
  name: string;
  /** Inputs as the program gave them, with Outputs resolved. */
  inputs: Record<string, unknown>;
  /** State the mock returned (inputs plus `name`, `arn`, ...). */
  state: Record<string, unknown>;
  id: string;
  /** Logical name of the parent resource, if any (component children). */
  parent?: string;
}

export interface MockRunOptions {
  project?: string;
  stack?: string;
  account?: string;
  region?: string;
  /** Stack config as `key` → value; unqualified keys get the project's namespace. */
  config?: Record<string, string>;
  /**
   * Run as `pulumi preview` does: values the mocks do not supply stay unknown instead of
   * resolving to `undefined` (capture uses this so that nothing is guessed).
   */
  preview?: boolean;
}

export interface MockRun {
  resources: RegisteredResource[];
  outputs: Record<string, unknown>;
}

/** Compute the state AWS would return for a resource of `type` with `inputs` (see ./mocks/resource-state.ts). */
export function mockState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  account: string,
  region: string,
): { id: string; state: Record<string, unknown> } {
  return resourceState(type, name, inputs, { account, region });
}

/** Resolve an Output (or a plain value) to its value. Unknown values never resolve: callers race it. */
export function resolveOutput<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

/**
 * Set the mocks, then run `setup` (which imports or builds the program). Returns a recorder; the
 * caller waits for what it needs with `waitFor`.
 */
export async function setRecordingMocks(opts: MockRunOptions = {}) {
  const account = opts.account ?? "123456789012";
  const region = opts.region ?? "us-east-1";
  const project = opts.project ?? "project";
  const resources: RegisteredResource[] = [];
  const waiters: Array<() => void> = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const { id, state } = mockState(args.type, args.name, args.inputs, account, region);
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, state, id });
        for (const w of waiters.splice(0)) w();
        return { id, state };
      },
      call(args) {
        return invokeResult(args.token, args.inputs, { account, region }) ?? args.inputs;
      },
    },
    project,
    opts.stack ?? "dev",
    opts.preview ?? false,
  );
  // One write: `setConfig` parses and re-serializes the whole configuration for each key it sets
  // (50,000 keys in a 740 kB stack file: minutes).
  const config: Record<string, string> = { ...pulumi.runtime.allConfig() };
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    config[key.includes(":") ? key : `${project}:${key}`] = value;
  }
  pulumi.runtime.setAllConfig(config);
  /** Resolves once a resource of `type` named `name` has been registered. */
  function waitFor(type: string, name: string): Promise<RegisteredResource> {
    return new Promise((resolve) => {
      const check = () => {
        const found = resources.find((r) => r.type === type && r.name === name);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  }
  return { resources, waitFor, account, region };
}

/**
 * Wait until the program's pending registrations have drained (Pulumi's own RPC queue), or until
 * `timeoutMs` passes. Returns false on timeout: something is still waiting, e.g. on an unknown value.
 */
export async function settle(timeoutMs = 5000): Promise<boolean> {
  const settings = (await import("@pulumi/pulumi/runtime/settings.js")) as unknown as {
    waitForRPCs?: () => Promise<void>;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const drained = (async () => {
    // Registrations chain on each other through promises; a few macrotask turns let them enqueue.
    for (let i = 0; i < 3; i++) {
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

/** Resolve a module's exports (its stack outputs). */
export async function resolveExports(mod: Record<string, unknown>): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const key of Object.keys(mod).sort()) {
    if (key === "default") continue;
    outputs[key] = await resolveOutput(mod[key] as pulumi.Input<unknown>);
  }
  return outputs;
}

/** Run the program at `entry` (a `.ts` or `.js` file) under mocks and return what it registered. */
export async function runProgramUnderMocks(entry: string, opts: MockRunOptions = {}): Promise<MockRun> {
  const recorder = await setRecordingMocks(opts);
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  const outputs = await resolveExports(mod);
  // Outputs resolve after their resources register; let pending registrations settle.
  await new Promise((r) => setImmediate(r));
  return { resources: recorder.resources, outputs };
}
