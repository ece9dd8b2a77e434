import type { AccessModel } from "../../model/types.js";
import type { AccessStatus } from "./types.js";
import { whoCan } from "./who-can.js";

/**
 * Who may read and who may change each dataset's objects: the engine's who-can over the dataset's
 * prefix (`arn:aws:s3:::bucket/prefix*`), for a normal signed-in session. Reading is
 * `s3:GetObject`; changing is `s3:PutObject` or `s3:DeleteObject`. A principal allowed on part of
 * the prefix counts (it may read that part); a grant that holds only under conditions is
 * `Conditional`, never `Allowed`.
 */

export interface DatasetDefinition {
  bucket: string;
  /** Key prefix, ending with `/`, or empty for the whole bucket. */
  prefix: string;
  classification?: string;
}

export interface DatasetAccess {
  name: string;
  bucket: string;
  prefix: string;
  classification?: string;
  /** Principals that may read or change it, sorted by id. */
  access: Array<{ principal: string; read?: AccessStatus; write?: AccessStatus }>;
}

export const READ_ACTIONS = ["s3:GetObject"] as const;
export const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject"] as const;

/** The stronger of two statuses: outright beats only-under-conditions. */
function stronger(a: AccessStatus | undefined, b: AccessStatus | undefined): AccessStatus | undefined {
  if (a === "Allowed" || b === "Allowed") return "Allowed";
  return a ?? b;
}

function holders(model: AccessModel, actions: readonly string[], resource: string): Map<string, AccessStatus> {
  const out = new Map<string, AccessStatus>();
  for (const action of actions) {
    for (const e of whoCan(model, { action, resource }).principals) {
      const s = stronger(out.get(e.principal), e.status);
      if (s) out.set(e.principal, s);
    }
  }
  return out;
}

/** Each dataset (sorted by name) with who may read and change it. */
export function datasetAccess(
  model: AccessModel,
  datasets: Readonly<Record<string, DatasetDefinition>>,
): DatasetAccess[] {
  return Object.keys(datasets)
    .sort()
    .map((name) => {
      const d = datasets[name]!;
      const resource = `arn:${model.partition}:s3:::${d.bucket}/${d.prefix}*`;
      const read = holders(model, READ_ACTIONS, resource);
      const write = holders(model, WRITE_ACTIONS, resource);
      const access = [...new Set([...read.keys(), ...write.keys()])].sort().map((principal) => ({
        principal,
        ...(read.has(principal) ? { read: read.get(principal) } : {}),
        ...(write.has(principal) ? { write: write.get(principal) } : {}),
      }));
      return {
        name,
        bucket: d.bucket,
        prefix: d.prefix,
        ...(d.classification ? { classification: d.classification } : {}),
        access,
      };
    });
}
