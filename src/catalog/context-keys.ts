import { withSuggestion } from "../diagnostics/did-you-mean.js";
import type { Catalog } from "./catalog.js";

/**
 * Why a request's context key is no key AWS defines (`aws:RequestedRegon`), naming the closest
 * ones; `undefined` for a known key, and for a key of a prefix that is neither `aws:` nor a
 * catalog service (an OIDC provider's `<host>:sub`, a SAML attribute): those are the provider's,
 * taken as written. Known keys are the global ones, tag keys included, and each service's own
 * (IAM User Guide, "AWS global condition context keys"; Service Authorization Reference).
 * A request carrying the misspelled key beside the default session's real one decides the
 * default, not what its author meant to ask.
 */
export function unknownContextKey(catalog: Catalog, key: string, where = "the request's context"): string | undefined {
  const colon = key.indexOf(":");
  const prefix = colon > 0 ? key.slice(0, colon).toLowerCase() : "";
  const service = prefix === "aws" ? undefined : catalog.service(prefix);
  if ((prefix !== "aws" && !service) || catalog.conditionKey(key)) return undefined;
  const keys = (service ? service.conditionKeys : catalog.globalConditionKeys()).map((k) => k.key);
  return withSuggestion(`Unknown condition key "${key}" in ${where}.`, key, keys);
}
