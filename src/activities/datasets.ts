import { isClassified } from "../input/team-spec/classification.js";
import type { DatasetSpec, Spec } from "../input/team-spec/types.js";
import type { Statement } from "../policy/types.js";
import { datasetKmsKeys, sidPart, statement } from "./build.js";
import type { Activity, ActivityContext } from "./types.js";

/** Object actions for `write`, on top of `read`'s `s3:GetObject*`. */
export const DATASET_WRITE_ACTIONS = [
  "s3:AbortMultipartUpload",
  "s3:DeleteObject",
  "s3:ListMultipartUploadParts",
  "s3:PutObject",
];

/**
 * Per granted dataset: listing its prefix only (`s3:ListBucket` with an `s3:prefix` condition),
 * reading its objects (`s3:GetObject*` on `bucket/prefix*`), and at `write` putting, deleting and
 * uploading in parts under the prefix. Datasets encrypted with KMS also get the key, usable only
 * through S3 in the organization's region (`kms:ViaService`).
 */
export function datasetStatements(ctx: Pick<ActivityContext, "datasets" | "spec" | "partition" | "region">) {
  const out: Statement[] = [];
  const sorted = [...ctx.datasets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const within = grantsContaining(sorted);
  for (const { name, dataset, level } of sorted) {
    const sid = `Dataset${sidPart(name)}`;
    const bucket = `arn:${ctx.partition}:s3:::${dataset.bucket}`;
    const objects = `${bucket}/${dataset.prefix}*`;
    // A dataset inside another one granted here (nested prefixes in one bucket) is read through
    // the outer one's statements already, and written too if the outer one is written: its own
    // would only repeat them (the outer grant wins; classification decides what nesting may do).
    const outer = within(name, dataset);
    if (outer.length === 0) {
      // A whole-bucket dataset (empty prefix) lists the whole bucket; `s3:prefix` is absent when
      // listing from the root, so a condition there would deny the listing it means to allow.
      const list = dataset.prefix ? { StringLike: { "s3:prefix": [`${dataset.prefix}*`] } } : undefined;
      out.push(statement(`${sid}List`, ["s3:ListBucket"], [bucket], list));
      out.push(statement(`${sid}Read`, ["s3:GetObject*"], [objects]));
    }
    if (level === "write" && !outer.some((o) => o.level === "write")) {
      out.push(statement(`${sid}Write`, DATASET_WRITE_ACTIONS, [objects]));
    }
  }
  const readKeys = datasetKmsKeys({ spec: ctx.spec, datasets: sorted.filter((d) => d.level === "read") });
  const writeKeys = datasetKmsKeys({ spec: ctx.spec, datasets: sorted.filter((d) => d.level === "write") });
  const viaS3 = { StringEquals: { "kms:ViaService": [`s3.${ctx.region}.amazonaws.com`] } };
  const onlyRead = readKeys.filter((key) => !writeKeys.includes(key));
  if (onlyRead.length > 0) out.push(statement("DatasetKmsDecrypt", ["kms:Decrypt"], onlyRead, viaS3));
  if (writeKeys.length > 0) {
    out.push(statement("DatasetKmsEncryptDecrypt", ["kms:Decrypt", "kms:GenerateDataKey"], writeKeys, viaS3));
  }
  return out;
}

type Grant = ActivityContext["datasets"][number];

/**
 * The grants whose dataset contains a given one (`contains`), other than itself: per bucket, the
 * grants by prefix, and of a dataset's prefix only the beginnings as long as some granted prefix
 * are looked up — a team granted thousands of datasets costs a few look-ups per dataset, not a
 * comparison with every other grant.
 */
function grantsContaining(grants: readonly Grant[]): (name: string, dataset: DatasetSpec) => Grant[] {
  const byBucket = new Map<string, { byPrefix: Map<string, Grant[]>; lengths: number[] }>();
  for (const g of grants) {
    let b = byBucket.get(g.dataset.bucket);
    if (!b) {
      b = { byPrefix: new Map(), lengths: [] };
      byBucket.set(g.dataset.bucket, b);
    }
    const list = b.byPrefix.get(g.dataset.prefix);
    if (list) list.push(g);
    else b.byPrefix.set(g.dataset.prefix, [g]);
  }
  for (const b of byBucket.values()) b.lengths = [...new Set([...b.byPrefix.keys()].map((p) => p.length))];
  return (name, dataset) => {
    const b = byBucket.get(dataset.bucket)!;
    const out: Grant[] = [];
    for (const n of b.lengths) {
      if (n > dataset.prefix.length) continue;
      for (const o of b.byPrefix.get(dataset.prefix.slice(0, n)) ?? [])
        if (o.name !== name && contains(o.dataset, dataset, o.name < name)) out.push(o);
    }
    return out;
  };
}

/**
 * What a `confidential` or `restricted` dataset requires on every path to its objects, whichever
 * grant reaches them (its own, a dataset whose prefix contains it, any other statement), as Denies
 * for every principal of every team (README, "Classification"):
 * - TLS: no request over plain HTTP (`aws:SecureTransport` false);
 * - MFA for IAM users: no request from a user session without MFA (roles and permission sets get
 *   MFA at sign-in, from the trust policy or the identity provider);
 * - its KMS key: no object written without naming the dataset's key (its own, else the
 *   organization's) in `s3:x-amz-server-side-encryption-aws-kms-key-id` — `StringNotEquals` is
 *   true when the header is missing, so leaving it out is denied too.
 * AWS: S3 User Guide, "Enforcing encryption in transit" and "Requiring SSE-KMS for all objects
 * written to a bucket"; IAM User Guide, "AWS global condition context keys".
 */
export function classifiedDatasetDenies(ctx: {
  spec: Pick<Spec, "datasets" | "guardrails" | "identity">;
  partition: string;
}) {
  const out: Statement[] = [];
  for (const name of Object.keys(ctx.spec.datasets).sort()) {
    const d = ctx.spec.datasets[name];
    if (!isClassified(d.classification)) continue;
    const objects = `arn:${ctx.partition}:s3:::${d.bucket}/${d.prefix}*`;
    const sid = `Classified${sidPart(name)}`;
    const access = ["s3:GetObject*", ...DATASET_WRITE_ACTIONS];
    out.push(
      statement(`${sid}DenyWithoutTls`, access, [objects], { Bool: { "aws:SecureTransport": ["false"] } }, "Deny"),
    );
    if (ctx.spec.identity === "iam-users") {
      out.push(
        statement(
          `${sid}DenyWithoutMfa`,
          access,
          [objects],
          {
            BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] },
            StringEquals: { "aws:PrincipalType": ["User"] },
          },
          "Deny",
        ),
      );
    }
    const key = d.kmsKey ?? ctx.spec.guardrails.kmsKey;
    // validate.ts rejects a classified dataset without a key; with none, writes are denied outright.
    out.push(
      statement(
        `${sid}DenyWithoutKey`,
        ["s3:PutObject"],
        [objects],
        key ? { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": [key] } } : undefined,
        "Deny",
      ),
    );
  }
  return withoutCovered(out);
}

/**
 * Drops a Deny another one already makes: the same actions and conditions on objects under a
 * prefix that contains its own (a classified dataset inside another, with the same key).
 */
function withoutCovered(denies: Statement[]): Statement[] {
  const shape = (s: Statement) => JSON.stringify([s.Action, s.Condition ?? {}]);
  const objects = (s: Statement) => (s.Resource as string[])[0].slice(0, -1);
  // Per shape, the denies by the objects they name: of a deny's objects only the beginnings as long
  // as some other's are looked up (thousands of classified datasets: no comparison of every pair).
  const shapes = denies.map(shape);
  const byShape = new Map<string, { at: Map<string, number[]>; lengths: Set<number> }>();
  denies.forEach((s, j) => {
    let g = byShape.get(shapes[j]);
    if (!g) {
      g = { at: new Map(), lengths: new Set() };
      byShape.set(shapes[j], g);
    }
    const o = objects(s);
    g.lengths.add(o.length);
    const list = g.at.get(o);
    if (list) list.push(j);
    else g.at.set(o, [j]);
  });
  return denies.filter((s, i) => {
    const g = byShape.get(shapes[i])!;
    const own = objects(s);
    for (const n of g.lengths) {
      if (n > own.length) continue;
      const list = g.at.get(own.slice(0, n)) ?? [];
      // A shorter prefix contains it; the same objects, only an earlier deny.
      if (list.some((j) => j !== i && (n < own.length || j < i))) return false;
    }
    return true;
  });
}

/**
 * Does `outer` contain every object of `inner` (same bucket, a prefix of its prefix)? Of two
 * datasets with the same bucket and prefix, the one named first (`firstWins`) contains the other.
 */
export function contains(outer: DatasetSpec, inner: DatasetSpec, firstWins: boolean): boolean {
  if (outer.bucket !== inner.bucket || !inner.prefix.startsWith(outer.prefix)) return false;
  return outer.prefix !== inner.prefix || firstWins;
}

export const datasets: Activity = {
  id: "datasets",
  title: "Datasets",
  description: "Read (or, at `write`, change) the team's datasets: their S3 prefixes and KMS keys only.",
  services: ["kms", "s3"],
  docs: [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
  ],
  statements: (ctx) => datasetStatements(ctx),
};
