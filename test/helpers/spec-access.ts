import assert from "node:assert/strict";
import { compileSpec } from "../../src/compile/compile.js";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { Decision } from "../../src/engine/types.js";
import { loadSpecFromFiles } from "../../src/input/team-spec/load.js";
import { policySetForPrincipal, requestFor } from "../../src/model/policy-set.js";
import type { AccessModel } from "../../src/model/types.js";

/**
 * Loading and compiling spec texts as the CLI does, and deciding requests of the compiled model's
 * principals with the engine: the helpers the compiler's soundness tests share.
 */

export interface Compiled {
  model?: AccessModel;
  /** Every diagnostic, loader's and compiler's. */
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

/** Loads (one file or several) and compiles; the model only when there is no error. */
export function loadAndCompile(text: string | Record<string, string>, file = "spec.yaml"): Compiled {
  const files =
    typeof text === "string" ? [{ file, text }] : Object.entries(text).map(([f, t]) => ({ file: f, text: t }));
  const loaded = loadSpecFromFiles(files);
  if (!loaded.spec) return { diagnostics: loaded.diagnostics, errors: loaded.diagnostics.filter(isError) };
  const compiled = compileSpec(loaded.spec);
  const diagnostics = [...loaded.diagnostics, ...compiled.diagnostics];
  return { ...(compiled.model ? { model: compiled.model } : {}), diagnostics, errors: diagnostics.filter(isError) };
}

const isError = (d: Diagnostic) => d.severity === "error";

/** Loads and compiles one spec text that must be valid: its model, or a failed assertion naming the first problems. */
export function compiledModel(text: string, file = "generated.yaml"): AccessModel {
  const compiled = loadAndCompile(text, file);
  assert.ok(compiled.model, JSON.stringify(compiled.errors.slice(0, 2)));
  return compiled.model;
}

/**
 * The engine's decision on one request of a model principal, from a normal signed-in session of it
 * (MFA, TLS, the home region: `principalContext`) plus `context`; keys set to `undefined` in
 * `context` are removed from the request. The resource's policy (a role's trust policy for
 * `sts:AssumeRole*`) takes part as in `ai-iam test`.
 */
export function decide(
  model: AccessModel,
  principal: string,
  action: string,
  resource: string,
  context: Record<string, string | string[] | undefined> = {},
): Decision {
  const request = requestFor(model, principal, action, resource);
  const merged: Record<string, string | string[]> = { ...(request.context ?? {}) };
  for (const [k, v] of Object.entries(context)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  request.context = merged;
  const set = policySetForPrincipal(model, principal, { action, resource });
  return createEvaluator(set).evaluate(request).decision;
}

/** `team/member` in iam-users mode; otherwise the persona principal `team/<persona>` the member plays. */
export function principalsOfTeam(model: AccessModel, team: string): string[] {
  return model.principals.filter((p) => p.team === team).map((p) => p.id);
}
