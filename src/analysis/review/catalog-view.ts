import { getCatalog } from "../../catalog/index.js";
import type { AccessLevel } from "../../catalog/types.js";

/** What analysis needs to know about an action: its canonical name, service and primary access level. */
export interface ActionMeta {
  /** `s3:GetObject`. */
  action: string;
  service: string;
  accessLevel: AccessLevel;
}

const expansions = new Map<string, ActionMeta[]>();
const byService = new Map<string, ActionMeta[]>();

function meta(info: { key: string; service: string; accessLevel: AccessLevel }): ActionMeta {
  return { action: info.key, service: info.service, accessLevel: info.accessLevel };
}

/**
 * The catalog actions an action pattern (`s3:Get*`, `*`, `sagemaker:*Model`) names. Patterns the
 * catalog does not know (an unknown service or action) name nothing: access to an action AWS does
 * not have is no access. Cached per pattern, case-insensitively.
 */
export function expandActions(pattern: string): ActionMeta[] {
  const key = pattern.toLowerCase();
  let hit = expansions.get(key);
  if (!hit) {
    hit = getCatalog().expandActionPattern(pattern).actions.map(meta);
    expansions.set(key, hit);
  }
  return hit;
}

/** Every action of a service (lower-case prefix), sorted; empty for an unknown service. */
export function serviceActions(service: string): ActionMeta[] {
  const key = service.toLowerCase();
  let hit = byService.get(key);
  if (!hit) {
    hit = (getCatalog().service(key)?.actions ?? []).map(meta);
    byService.set(key, hit);
  }
  return hit;
}

/** One action by name, case-insensitively. */
export function actionMeta(name: string): ActionMeta | undefined {
  const info = getCatalog().action(name);
  return info ? meta(info) : undefined;
}

/** Every service prefix of the catalog, sorted. */
export function allServices(): string[] {
  return getCatalog().services();
}
