import type { DatasetSpec } from "../input/team-spec/types.js";
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
  for (const { name, dataset, level } of sorted) {
    const sid = `Dataset${sidPart(name)}`;
    const bucket = `arn:${ctx.partition}:s3:::${dataset.bucket}`;
    const objects = `${bucket}/${dataset.prefix}*`;
    // A dataset inside another one granted here (nested prefixes in one bucket) is read through
    // the outer one's statements already, and written too if the outer one is written: its own
    // would only repeat them (the outer grant wins; classification decides what nesting may do).
    const outer = sorted.filter((o) => o.name !== name && contains(o.dataset, dataset, o.name < name));
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
