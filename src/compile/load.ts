import { type Diagnostic, hasErrors } from "../diagnostics/index.js";
import type { ImportOptions } from "../input/account/index.js";
import { loadSpec } from "../input/team-spec/load.js";
import type { Spec } from "../input/team-spec/types.js";
import type { AccessModel } from "../model/types.js";
import { compileSpec } from "./compile.js";

/**
 * Where an AccessModel comes from: a team spec (a YAML file or a folder), compiled; a Pulumi
 * program, its IAM captured under mocks (ARNs synthesized in `account`, default 123456789012); or
 * existing accounts, imported from their `aws iam get-account-authorization-details` exports
 * (one file per account, with SCPs/RCPs and the region in `options`).
 */
export type ModelSource =
  | { spec: string }
  | ProgramSource
  | { accountFiles: readonly string[]; options?: ImportOptions };

/** A Pulumi program and how to run it (see docs/capture.md). */
export interface ProgramSource {
  program: string;
  account?: string;
  /** Reads `Pulumi.<stack>.yaml` (default `dev`). */
  stack?: string;
  /** Config values (`key` → value; objects and arrays as JSON); win over files. */
  config?: Record<string, string>;
  /** Config files shaped like a stack file. */
  configFiles?: string[];
  organization?: string;
}

export interface LoadedModel {
  /** Present only when no diagnostic is an error. */
  model?: AccessModel;
  /** The spec, when the source is one and it loaded (even if it did not compile). */
  spec?: Spec;
  /** Every diagnostic of every step (errors and warnings), in the order the steps ran. */
  diagnostics: Diagnostic[];
  /** What was loaded, for headers: the spec path or the program folder. */
  label: string;
}

/** A spec path → its compiled model, with the diagnostics of loading and of compiling. Never throws on user input. */
export function loadSpecModel(path: string): LoadedModel {
  const loaded = loadSpec(path);
  if (!loaded.spec) return { diagnostics: loaded.diagnostics, label: path };
  const compiled = compileSpec(loaded.spec, { source: path });
  const diagnostics = [...loaded.diagnostics, ...compiled.diagnostics];
  const model = compiled.model && !hasErrors(diagnostics) ? compiled.model : undefined;
  return { ...(model ? { model } : {}), spec: loaded.spec, diagnostics, label: path };
}

/**
 * Any model source → an AccessModel: the one way every command and the deployment get a model.
 * Only a program loads `@pulumi/*` (lazily, here), so a spec never pays for it.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if ("spec" in source) return loadSpecModel(source.spec);
  if ("accountFiles" in source) {
    const { importAuthorizationDetails } = await import("../input/account/index.js");
    const imported = await importAuthorizationDetails(source.accountFiles, source.options ?? {});
    const model = imported.model && !hasErrors(imported.diagnostics) ? imported.model : undefined;
    return { ...(model ? { model } : {}), diagnostics: imported.diagnostics, label: source.accountFiles.join(", ") };
  }
  const { missingPeersDiagnostic, PEERS_NEEDED } = await import("../input/capture/peers.js");
  const missing = missingPeersDiagnostic("capturing a Pulumi program (--program)", PEERS_NEEDED.capture);
  if (missing) return { diagnostics: [missing], label: source.program };
  const { loadModelFromProgram } = await import("../input/capture/capture.js");
  const { program, ...options } = source;
  const captured = await loadModelFromProgram(program, options);
  const model = captured.model && !hasErrors(captured.diagnostics) ? captured.model : undefined;
  return { ...(model ? { model } : {}), diagnostics: captured.diagnostics, label: source.program };
}
