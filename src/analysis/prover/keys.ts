/**
 * How the prover models each condition key of a request:
 * - *pinned*: fixed by the principal (`aws:PrincipalArn`, `aws:username`, ... as the engine derives
 *   them) or by the caller (a model principal's tags); decided before the solver runs;
 * - *resource-derived*: `aws:ResourceAccount` when the request gives no resource account: the
 *   account part of the resource ARN;
 * - *free*: a presence flag and value slots the solver chooses. Single-valued keys have one slot;
 *   multivalued keys (the catalog's `ArrayOf...` types, or keys the policies test with a set
 *   qualifier) have one slot per distinct condition on the key, which is exact: a set of values
 *   that makes each condition true or false keeps doing so when cut down to one witness value per
 *   condition. `aws:RequestedRegion` is always present.
 */
import { getCatalog } from "../../catalog/index.js";
import { defaultContext } from "../../engine/context.js";

export type PinnedValue = string | string[] | undefined;

/** Keys the engine derives from the principal (engine/context.ts), lower-cased. */
export const PRINCIPAL_KEYS = [
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:username",
  "aws:principalisawsservice",
  "aws:principalservicename",
];

export const REQUESTED_REGION = "aws:requestedregion";
export const RESOURCE_ACCOUNT = "aws:resourceaccount";

/** The principal-derived keys of a request by `principal`: value or absent. */
export function principalKeys(principal: string): Map<string, PinnedValue> {
  const ctx = defaultContext({ principal, action: "iam:GetUser", resource: "*" });
  const lower = new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v]));
  return new Map(PRINCIPAL_KEYS.map((k) => [k, lower.get(k)]));
}

const infoCache = new Map<string, { multi: boolean; type: string } | undefined>();

function keyInfo(keyLower: string): { multi: boolean; type: string } | undefined {
  if (!infoCache.has(keyLower)) {
    const info = getCatalog().conditionKey(keyLower);
    infoCache.set(keyLower, info ? { multi: info.multiValued, type: info.type } : undefined);
  }
  return infoCache.get(keyLower);
}

/** Multivalued per the catalog (`ArrayOf...`); undefined when the catalog does not know the key. */
export function catalogMultiValued(keyLower: string): boolean | undefined {
  return keyInfo(keyLower)?.multi;
}

/** The catalog types the key as boolean: AWS sends `true` or `false`, nothing else. */
export function catalogBoolean(keyLower: string): boolean {
  const type = keyInfo(keyLower)?.type;
  return type === "Bool" || type === "ArrayOfBool";
}
