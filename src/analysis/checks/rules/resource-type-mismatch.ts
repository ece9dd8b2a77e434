import { arnPatternMatchesFormat } from "../../../catalog/pattern.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { Statement } from "../../../policy/types.js";
import { expand } from "../expand.js";
import type { Catalog, DocumentRule, Report } from "../types.js";
import { CatalogMemo, listSome, memoScope, statementPath, statements } from "../util.js";

/**
 * What the rule remembers, per memo scope (`memoScope`: a model run, else the document): memory
 * linear in what is checked, not a module-level map that hostile input could grow.
 * - `arns`: per ARN of a statement, its literal head (`arnHead`) and whether it can be one of an
 *   ARN format's resources, by the ARN string itself (not a concatenation, which would copy a
 *   long ARN for every format), then the format: the actions of a pattern (`s3:*`) share a few
 *   formats, and statements (of one document, and of a model's documents) repeat resources.
 * - `patterns`: per action pattern, its actions with resource-level permissions, their ARN formats
 *   (each once), and per resource whether one of the formats can match it: 7,000 statements
 *   repeating `*:??` on one ARN are one test, and an organization's thousands of statements on a
 *   few thousand ARNs are as many tests as distinct pattern and ARN.
 */
interface Memo {
  catalog: Catalog;
  arns: Map<string, ArnMemo>;
  patterns: Map<string, PatternFormats>;
  /** Each ARN format's head (`formatHead`). */
  heads: Map<string, Head | undefined>;
}
const memos = new CatalogMemo<object, Memo>();

interface ArnMemo {
  head: Head | undefined;
  byFormat: Map<string, boolean>;
}

/** An action pattern's actions with resource-level permissions, and their ARN formats. */
interface PatternFormats {
  actions: ActionInfo[];
  /** Every format of the actions' resource types, each once, with its head (`formatHead`). */
  formats: Array<[format: string, head: Head | undefined]>;
  /** Per resource of a statement: whether one of the formats can match it. */
  decided: Map<string, boolean>;
}

/**
 * The first five colon-separated parts of an ARN (`arn`, partition, service, region, account),
 * each literal text or, in a format, `undefined` for a variable (one or more characters, no
 * colon), and the literal start of the resource part after them. Two heads that disagree
 * (`headsAgree`) are an ARN pattern and a format with no ARN in common: a cheap, exact pre-filter
 * for `arnPatternMatchesFormat` (a statement on `...:sagemaker:...:model/team-*` is not compared
 * with every SageMaker resource type's format).
 */
export interface Head {
  parts: Array<string | undefined>;
  resource: string;
}

/**
 * A catalog format's head, when each of its first five parts is literal text or one variable
 * followed by the colon (`${Region}:`, which then holds no colon: `formatPattern`); undefined
 * otherwise. The resource part's literal start ends at its first variable.
 */
export function formatHead(format: string): Head | undefined {
  const parts: Array<string | undefined> = [];
  let i = 0;
  let head: Head | undefined;
  for (;;) {
    if (parts.length === 5) {
      const v = format.indexOf("$", i);
      head = { parts, resource: format.slice(i, v < 0 ? format.length : v) };
      break;
    }
    const colon = format.indexOf(":", i);
    if (colon < 0) break;
    const text = format.slice(i, colon);
    if (!text.includes("$")) parts.push(text);
    else if (text.startsWith("${") && text.indexOf("}") === text.length - 1) parts.push(undefined);
    else break;
    i = colon + 1;
  }
  return head;
}

/**
 * A policy's ARN pattern's head, when its text up to its fifth colon is literal (no `*`, `?` or
 * `$`): every ARN it stands for has those five parts. Its resource part's literal start ends at
 * its first `*`, `?` or `$`. Undefined otherwise (it is tried against every format).
 */
export function arnHead(arn: string): Head | undefined {
  const parts: string[] = [];
  let i = 0;
  while (parts.length < 5) {
    const colon = arn.indexOf(":", i);
    if (colon < 0) return undefined;
    parts.push(arn.slice(i, colon));
    i = colon + 1;
  }
  for (let k = 0; k < i; k++) {
    const c = arn.charCodeAt(k);
    if (c === 42 || c === 63 || c === 36) return undefined;
  }
  let end = i;
  while (end < arn.length) {
    const c = arn.charCodeAt(end);
    if (c === 42 || c === 63 || c === 36) break;
    end++;
  }
  return { parts, resource: arn.slice(i, end) };
}

/**
 * Whether an ARN pattern's head and a format's may share an ARN: in a shared ARN the first five
 * colons are the pattern's (its head is literal) and the format's (its variables hold no colon),
 * so each part is the pattern's literal text and the format's (any non-empty text for a
 * variable), and the resource part starts with both literal starts.
 */
export function headsAgree(arn: Head, format: Head): boolean {
  for (let k = 0; k < 5; k++) {
    const f = format.parts[k];
    const a = arn.parts[k]!;
    if (f === undefined ? a.length === 0 : f !== a) return false;
  }
  const r = arn.resource;
  const fr = format.resource;
  return r.length <= fr.length ? fr.startsWith(r) : r.startsWith(fr);
}

function patternFormats(memo: Memo, pattern: string, scope: object): PatternFormats {
  let p = memo.patterns.get(pattern);
  if (!p) {
    // Wildcard-only actions are left out: AWS's own policies grant them on service-wide ARN
    // patterns, and the catalog can lag an action gaining resource-level support.
    const actions = expand(memo.catalog, pattern, scope).actions.filter((a) => !a.wildcardOnly);
    const formats = [...new Set(actions.flatMap((a) => a.resourceTypes.flatMap((rt) => rt.arnFormats)))].map(
      (f): [string, Head | undefined] => {
        // Formats come from the catalog (a few thousand at most): each is read once per memo.
        if (!memo.heads.has(f)) memo.heads.set(f, formatHead(f));
        return [f, memo.heads.get(f)];
      },
    );
    p = { actions, formats, decided: new Map() };
    memo.patterns.set(pattern, p);
  }
  return p;
}

/** Whether one of the pattern's actions can act on `arn`: some ARN format of one of its resource types can match it. */
function matches(memo: Memo, p: PatternFormats, arn: string): boolean {
  let hit = p.decided.get(arn);
  if (hit !== undefined) return hit;
  let a = memo.arns.get(arn);
  if (!a) {
    a = { head: arnHead(arn), byFormat: new Map() };
    memo.arns.set(arn, a);
  }
  const { head, byFormat } = a;
  hit = p.formats.some(([format, fh]) => {
    if (head && fh && !headsAgree(head, fh)) return false;
    let ok = byFormat.get(format);
    if (ok === undefined) {
      ok = arnPatternMatchesFormat(arn, format);
      byFormat.set(format, ok);
    }
    return ok;
  });
  p.decided.set(arn, hit);
  return hit;
}

/**
 * Each statement's reports (without their path, which depends on where the statement is), by the
 * statement object: a model's compiler shares statement objects among the documents of a team's
 * principals, and the answer depends only on the statement and the catalog.
 */
type Found = { j: number; report: Report };
const verdicts = new CatalogMemo<Statement, readonly Found[]>();

/** The mismatches of one statement (`st.Action` index and report without path). */
function mismatches(st: Statement, memo: Memo, scope: object): Found[] {
  const found: Found[] = [];
  if (!st.Action || !st.Resource || st.Resource.length === 0 || st.Resource.includes("*")) return found;
  const resources = st.Resource;
  st.Action.forEach((pattern, j) => {
    const p = patternFormats(memo, pattern, scope);
    const actions = p.actions;
    if (actions.length === 0) return;
    if (resources.some((r) => matches(memo, p, r))) return;
    const first = actions[0];
    const wanted = listSome(
      [...new Set(actions.flatMap((a) => a.resourceTypes.map((rt) => rt.arnFormats[0] ?? rt.name)))],
      3,
    );
    found.push({
      j,
      report:
        actions.length === 1
          ? { messageId: "actionMismatch", data: { action: JSON.stringify(first.key), wanted } }
          : {
              messageId: "patternMismatch",
              data: { pattern: JSON.stringify(pattern), count: actions.length, wanted },
            },
    });
  });
  return found;
}

export const resourceTypeMismatch: DocumentRule = {
  scope: "document",
  meta: {
    id: "resource-type-mismatch",
    severity: "warning",
    category: "catalog",
    description: "An action whose resource types none of the statement's resources can match.",
    explanation:
      "Each action acts on certain resource types (`s3:GetObject` on objects, `arn:aws:s3:::bucket/key`; " +
      "`s3:ListBucket` on buckets, `arn:aws:s3:::bucket`). When no `Resource` of the statement can be an ARN " +
      "of those types, the action is granted on nothing: the classic `s3:GetObject` on `arn:aws:s3:::bucket` " +
      "that should have been `arn:aws:s3:::bucket/*`. Actions that support no resource-level permissions are not " +
      "reported here (see `star-resource`). " +
      "Fix: add the matching ARN, or move the action to a statement with the right resources.",
    equivalents: {
      accessAnalyzer: "NO_RESOURCE_TYPE_MATCH (related: MISSING_ARN_FIELD)",
      parliament: "RESOURCE_MISMATCH",
    },
    messages: {
      actionMismatch: "{{action}} acts on none of the statement's resources; it needs {{wanted}}",
      patternMismatch: "{{pattern}} ({{count}} actions) acts on none of the statement's resources; it needs {{wanted}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    const scope = memoScope(ctx);
    const memo = memos.get(scope, ctx.catalog, () => ({
      catalog: ctx.catalog,
      arns: new Map(),
      patterns: new Map(),
      heads: new Map(),
    }));
    for (const [i, st] of statements(ctx)) {
      const found = verdicts.get(st, ctx.catalog, () => mismatches(st, memo, scope));
      for (const { j, report } of found) out.push({ ...report, path: statementPath(i, "Action", j) });
    }
    return out;
  },
};
