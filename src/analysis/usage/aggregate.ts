import type { TrailEvent } from "../../input/account/cloudtrail.js";
import { ResourceSet, type ResourceSetData } from "./resources.js";

/**
 * What CloudTrail shows each identity doing, in memory bounded by the variety of what was done
 * (identities × actions × a bounded set of resources), not by the number of records. Aggregates
 * made from different files (in different threads) merge into the same result in any order.
 *
 * An identity is who the call is attributed to: an IAM user (its ARN), a role (its ARN, from the
 * session's `sessionIssuer`: every session of a role — Identity Center's included — counts for
 * the role, and its session names are kept as a sample), or for other callers their type and id
 * (`AWSService:sagemaker.amazonaws.com`, `AWSAccount:444455556666`, `Root:111122223333`).
 * AWS: CloudTrail User Guide, "CloudTrail userIdentity element".
 */
export interface ActionUse {
  count: number;
  first: string;
  last: string;
  /** Calls that failed for another reason than a denial (the call was authorized). */
  errors: number;
  /** Calls whose record names no resource. */
  unknownResource: number;
  resources: ResourceSet;
}

export interface DeniedUse {
  count: number;
  last: string;
  errorCode: string;
  /** Resources of the denied calls (a sample). */
  resources: ResourceSet;
}

export interface IdentityUse {
  key: string;
  type: string;
  /** A user's or a role's ARN. */
  arn?: string;
  account?: string;
  /** Role name from a session ARN, when the record has no issuer ARN. */
  roleName?: string;
  events: number;
  first: string;
  last: string;
  /** Session names seen (at most 20). */
  sessions: Set<string>;
  /** More session names were seen than `sessions` keeps. */
  moreSessions: boolean;
  actions: Map<string, ActionUse>;
  denied: Map<string, DeniedUse>;
  /** `eventSource eventName` of calls with no IAM action ai-iam can tell → count. */
  unmapped: Map<string, number>;
}

const MAX_SESSIONS = 20;

/**
 * Error codes that mean the request was not authorized. AWS services spell it differently:
 * `AccessDenied` (S3, IAM), `AccessDeniedException` (most JSON APIs), `UnauthorizedOperation`
 * (EC2), `Client.UnauthorizedOperation`, `AuthorizationError` (SNS), `Forbidden`.
 */
export function isDenial(errorCode: string): boolean {
  return /AccessDenied|Unauthori[sz]ed|NotAuthorized|Forbidden|AuthorizationError/i.test(errorCode);
}

export function identityKey(event: TrailEvent): { key: string; arn?: string; account?: string; roleName?: string } {
  const id = event.identity;
  const account = id.accountId;
  switch (id.type) {
    case "IAMUser":
      return {
        key: id.arn ?? `IAMUser:${account}`,
        ...(id.arn ? { arn: id.arn } : {}),
        ...(account ? { account } : {}),
      };
    case "AssumedRole": {
      if (id.issuerArn) return { key: id.issuerArn, arn: id.issuerArn, ...(account ? { account } : {}) };
      const m = id.arn ? /^arn:[^:]+:sts::(\d+):assumed-role\/([^/]+)\//.exec(id.arn) : null;
      if (m) return { key: `role:${m[1]}:${m[2]}`, account: m[1], roleName: m[2] };
      return { key: `AssumedRole:${id.arn ?? account ?? "unknown"}` };
    }
    case "AWSService":
      return { key: `AWSService:${id.invokedBy ?? "unknown"}` };
    default:
      return {
        key: `${id.type}:${id.arn ?? account ?? "unknown"}`,
        ...(id.arn ? { arn: id.arn } : {}),
        ...(account ? { account } : {}),
      };
  }
}

export interface SerializedUsage {
  records: number;
  first?: string;
  last?: string;
  identities: Array<
    Omit<IdentityUse, "sessions" | "actions" | "denied" | "unmapped"> & {
      sessions: string[];
      actions: Array<[string, Omit<ActionUse, "resources"> & { resources: ResourceSetData }]>;
      denied: Array<[string, Omit<DeniedUse, "resources"> & { resources: ResourceSetData }]>;
      unmapped: Array<[string, number]>;
    }
  >;
}

/** An identity seen for the first time, with nothing counted yet. */
function newIdentity(
  who: { key: string; type: string; arn?: string; account?: string; roleName?: string },
  first: string,
  last: string,
): IdentityUse {
  return {
    key: who.key,
    type: who.type,
    ...(who.arn ? { arn: who.arn } : {}),
    ...(who.account ? { account: who.account } : {}),
    ...(who.roleName ? { roleName: who.roleName } : {}),
    events: 0,
    first,
    last,
    sessions: new Set(),
    moreSessions: false,
    actions: new Map(),
    denied: new Map(),
    unmapped: new Map(),
  };
}

export class UsageAggregator {
  readonly identities = new Map<string, IdentityUse>();
  records = 0;
  first?: string;
  last?: string;

  constructor(private readonly resourceLimit = 32) {}

  add(event: TrailEvent): void {
    this.records++;
    const t = event.time;
    if (this.first === undefined || t < this.first) this.first = t;
    if (this.last === undefined || t > this.last) this.last = t;
    const who = identityKey(event);
    let u = this.identities.get(who.key);
    if (!u) {
      u = newIdentity({ ...who, type: event.identity.type }, t, t);
      this.identities.set(who.key, u);
    }
    u.events++;
    if (t < u.first) u.first = t;
    if (t > u.last) u.last = t;
    const session = event.identity.sessionName;
    if (session !== undefined && !u.sessions.has(session)) {
      if (u.sessions.size < MAX_SESSIONS) u.sessions.add(session);
      else u.moreSessions = true;
    }
    const action = event.action;
    if (!action) {
      const k = `${event.eventSource} ${event.eventName}`;
      u.unmapped.set(k, (u.unmapped.get(k) ?? 0) + 1);
      return;
    }
    if (event.errorCode && isDenial(event.errorCode)) {
      let d = u.denied.get(action);
      if (!d) {
        d = { count: 0, last: t, errorCode: event.errorCode, resources: new ResourceSet(8) };
        u.denied.set(action, d);
      }
      d.count++;
      if (t > d.last) d.last = t;
      for (const r of event.resources) d.resources.add(r);
      return;
    }
    let a = u.actions.get(action);
    if (!a) {
      a = {
        count: 0,
        first: t,
        last: t,
        errors: 0,
        unknownResource: 0,
        resources: new ResourceSet(this.resourceLimit),
      };
      u.actions.set(action, a);
    }
    a.count++;
    if (t < a.first) a.first = t;
    if (t > a.last) a.last = t;
    if (event.errorCode) a.errors++;
    if (event.resources.length === 0) a.unknownResource++;
    for (const r of event.resources) a.resources.add(r);
  }

  toJSON(): SerializedUsage {
    return {
      records: this.records,
      ...(this.first ? { first: this.first } : {}),
      ...(this.last ? { last: this.last } : {}),
      identities: [...this.identities.values()].map((u) => ({
        key: u.key,
        type: u.type,
        ...(u.arn ? { arn: u.arn } : {}),
        ...(u.account ? { account: u.account } : {}),
        ...(u.roleName ? { roleName: u.roleName } : {}),
        events: u.events,
        first: u.first,
        last: u.last,
        sessions: [...u.sessions],
        moreSessions: u.moreSessions,
        actions: [...u.actions].map(([k, a]) => [k, { ...a, resources: a.resources.toJSON() }]),
        denied: [...u.denied].map(([k, d]) => [k, { ...d, resources: d.resources.toJSON() }]),
        unmapped: [...u.unmapped],
      })),
    };
  }

  /** Add another aggregate (from another thread, or `toJSON` output). */
  merge(other: SerializedUsage): void {
    this.records += other.records;
    if (other.first && (this.first === undefined || other.first < this.first)) this.first = other.first;
    if (other.last && (this.last === undefined || other.last > this.last)) this.last = other.last;
    for (const o of other.identities) {
      let u = this.identities.get(o.key);
      if (!u) {
        u = newIdentity(o, o.first, o.last);
        this.identities.set(o.key, u);
      }
      u.events += o.events;
      if (o.first < u.first) u.first = o.first;
      if (o.last > u.last) u.last = o.last;
      for (const s of o.sessions) {
        if (u.sessions.has(s)) continue;
        if (u.sessions.size < MAX_SESSIONS) u.sessions.add(s);
        else u.moreSessions = true;
      }
      if (o.moreSessions) u.moreSessions = true;
      for (const [k, a] of o.actions) {
        let mine = u.actions.get(k);
        if (!mine) {
          mine = {
            count: 0,
            first: a.first,
            last: a.last,
            errors: 0,
            unknownResource: 0,
            resources: new ResourceSet(this.resourceLimit),
          };
          u.actions.set(k, mine);
        }
        mine.count += a.count;
        mine.errors += a.errors;
        mine.unknownResource += a.unknownResource;
        if (a.first < mine.first) mine.first = a.first;
        if (a.last > mine.last) mine.last = a.last;
        mine.resources.merge(a.resources);
      }
      for (const [k, d] of o.denied) {
        let mine = u.denied.get(k);
        if (!mine) {
          mine = { count: 0, last: d.last, errorCode: d.errorCode, resources: new ResourceSet(8) };
          u.denied.set(k, mine);
        }
        mine.count += d.count;
        if (d.last > mine.last) mine.last = d.last;
        mine.resources.merge(d.resources);
      }
      for (const [k, n] of o.unmapped) u.unmapped.set(k, (u.unmapped.get(k) ?? 0) + n);
    }
  }
}
