import type { ActionInfo } from "../../catalog/types.js";
import type { Catalog } from "./types.js";

const keyPatterns = new Map<string, RegExp | string>();

/**
 * Whether a documented key covers `key`: equal (case-insensitively), or matching its variable part
 * (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`, `kms:EncryptionContext:${EncryptionContextKey}`,
 * iam-data's `.../tag-key`).
 */
export function documentedKeyCovers(documented: string, key: string): boolean {
  let p = keyPatterns.get(documented);
  if (p === undefined) {
    const d = documented.toLowerCase();
    if (!/\$\{|<|\/tag-key$/.test(d)) p = d;
    else {
      const parts = d.split(/\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/);
      p = new RegExp(`^${parts.map((x) => x.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")).join(".+")}$`, "is");
    }
    keyPatterns.set(documented, p);
  }
  return typeof p === "string" ? p === key.toLowerCase() : p.test(key);
}

/** Whether `key` is supported by `action`: in its action-table keys or its resource types' keys. */
export function actionSupportsKey(catalog: Catalog, action: ActionInfo, key: string): boolean {
  if (action.conditionKeys.some((d) => documentedKeyCovers(d, key))) return true;
  for (const rt of action.resourceTypes) {
    const table = catalog.resourceType(rt.service, rt.name);
    if (table?.conditionKeys.some((d) => documentedKeyCovers(d, key))) return true;
  }
  return false;
}

/** The value type an operator compares: `String`, `Numeric`, `Date`, `Bool`, `Binary`, `IPAddress`, `ARN`, or `any` (Null). */
export function operatorType(operator: string): string {
  if (operator.startsWith("String")) return "String";
  if (operator.startsWith("Numeric")) return "Numeric";
  if (operator.startsWith("Date")) return "Date";
  if (operator === "Bool") return "Bool";
  if (operator === "BinaryEquals") return "Binary";
  if (operator.endsWith("IpAddress")) return "IPAddress";
  if (operator.startsWith("Arn")) return "ARN";
  return "any";
}

/**
 * Whether an operator of type `op` suits a key of type `key` (`ArrayOf` stripped). String
 * operators work on ARN and Bool keys too (IAM compares the text), ARN operators on String keys
 * (many String keys hold ARNs); the others need their own type.
 */
export function typesCompatible(op: string, key: string): boolean {
  const k = key.startsWith("ArrayOf") ? key.slice("ArrayOf".length) : key;
  if (op === "any") return true;
  if (!["String", "ARN", "Bool", "Date", "Numeric", "IPAddress", "Binary"].includes(k)) return true;
  if (op === k) return true;
  if (op === "String") return k === "ARN" || k === "Bool";
  if (op === "ARN") return k === "String";
  return false;
}
