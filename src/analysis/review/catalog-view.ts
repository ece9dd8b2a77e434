import type { Catalog } from "../../catalog/catalog.js";
import { getCatalog } from "../../catalog/index.js";
import type { AccessLevel } from "../../catalog/types.js";
import { BoundedMap } from "../../util/bounded-map.js";

/** What analysis needs to know about an action: its canonical name, service and primary access level. */
export interface ActionMeta {
  /** `s3:GetObject`. */
  action: string;
  service: string;
  accessLevel: AccessLevel;
}

function meta(info: { key: string; service: string; accessLevel: AccessLevel }): ActionMeta {
  return { action: info.key, service: info.service, accessLevel: info.accessLevel };
}

/** Patterns and services remembered per view: enough for any real model, bounded for a hostile one. */
const CACHE_LIMIT = 8192;

/**
 * The catalog as the review analyses read it, over the catalog it is given. Its caches are its
 * own and bounded (least recently used first), so patterns a spec or an account names cannot
 * grow memory without limit.
 */
export class CatalogView {
  private readonly expansions = new BoundedMap<string, ActionMeta[]>(CACHE_LIMIT);
  private readonly byService = new BoundedMap<string, ActionMeta[]>(CACHE_LIMIT);

  constructor(readonly catalog: Catalog) {}

  /** How many patterns and services the view remembers (at most its limit each). */
  cached(): { patterns: number; services: number; limit: number } {
    return { patterns: this.expansions.size, services: this.byService.size, limit: CACHE_LIMIT };
  }

  /**
   * The catalog actions an action pattern (`s3:Get*`, `*`, `sagemaker:*Model`) names. Patterns the
   * catalog does not know (an unknown service or action) name nothing: access to an action AWS does
   * not have is no access. Cached per pattern, case-insensitively.
   */
  expandActions(pattern: string): ActionMeta[] {
    const key = pattern.toLowerCase();
    let hit = this.expansions.get(key);
    if (!hit) {
      hit = this.catalog.expandActionPattern(pattern).actions.map(meta);
      this.expansions.set(key, hit);
    }
    return hit;
  }

  /** Every action of a service (lower-case prefix), sorted; empty for an unknown service. */
  serviceActions(service: string): ActionMeta[] {
    const key = service.toLowerCase();
    let hit = this.byService.get(key);
    if (!hit) {
      hit = (this.catalog.service(key)?.actions ?? []).map(meta);
      this.byService.set(key, hit);
    }
    return hit;
  }

  /** One action by name, case-insensitively. */
  actionMeta(name: string): ActionMeta | undefined {
    const info = this.catalog.action(name);
    return info ? meta(info) : undefined;
  }

  /** Every service prefix of the catalog, sorted. */
  allServices(): string[] {
    return this.catalog.services();
  }
}

let shared: CatalogView | undefined;

/** The view over the bundled catalog, for callers that hold no model's access object. */
export function defaultCatalogView(): CatalogView {
  shared ??= new CatalogView(getCatalog());
  return shared;
}

/** `defaultCatalogView().expandActions(pattern)`. */
export function expandActions(pattern: string): ActionMeta[] {
  return defaultCatalogView().expandActions(pattern);
}

/** `defaultCatalogView().serviceActions(service)`. */
export function serviceActions(service: string): ActionMeta[] {
  return defaultCatalogView().serviceActions(service);
}

/** `defaultCatalogView().actionMeta(name)`. */
export function actionMeta(name: string): ActionMeta | undefined {
  return defaultCatalogView().actionMeta(name);
}

/** Every service prefix of the bundled catalog, sorted. */
export function allServices(): string[] {
  return defaultCatalogView().allServices();
}
