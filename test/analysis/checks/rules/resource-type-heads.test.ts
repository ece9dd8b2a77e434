/**
 * resource-type-mismatch compares a statement's ARN with a resource type's ARN format only when
 * their heads (the first five parts and the resource part's literal start) agree: an exact
 * pre-filter, so it may skip only pairs that `arnPatternMatchesFormat` says share no ARN. Checked
 * against every ARN format of the catalog, with ARNs made from the formats themselves (each
 * filled, partly wildcarded, with its region or account emptied) and hand-written ones.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { arnHead, formatHead, headsAgree } from "../../../../src/analysis/checks/rules/resource-type-mismatch.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import { arnPatternMatchesFormat } from "../../../../src/catalog/pattern.js";

test("the head pre-filter skips no (ARN, format) pair that can match", () => {
  const catalog = getCatalog();
  const formats = [
    ...new Set(
      catalog.services().flatMap((s) => catalog.service(s)?.resourceTypes.flatMap((rt) => rt.arnFormats) ?? []),
    ),
  ].sort();
  assert.ok(formats.length > 1000, `${formats.length} formats`);
  const fill = (f: string) =>
    f
      .replace(/\$\{Partition\}/g, "aws")
      .replace(/\$\{Region\}/g, "us-east-1")
      .replace(/\$\{Account\}/g, "123456789012")
      .replace(/\$\{[^}]*\}/g, "x-1");
  const arns = new Set<string>([
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::bucket*",
    "arn:aws:iam::123456789012:role/*",
    "arn:aws:sagemaker:us-east-1:123456789012:model/team-*",
    "arn:aws:ec2::123456789012:instance/i-1",
    "arn:aws:ec2:us-east-1::image/ami-1",
    "arn:aws:execute-api:us-east-1:123456789012:api/stage/GET/a:b",
    "arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*",
    // A policy variable (no head: compared with every format).
    `arn:aws:s3:::$${"{"}aws:username}/*`,
  ]);
  // Every 15th format, filled in several ways (the whole catalog's formats are the other side).
  formats.forEach((f, i) => {
    if (i % 15 !== 0) return;
    const arn = fill(f);
    arns.add(arn);
    arns.add(`${arn.slice(0, Math.max(0, arn.length - 3))}*`);
    arns.add(arn.replace(":us-east-1:", "::"));
    arns.add(arn.replace(":123456789012:", "::"));
  });
  let skipped = 0;
  for (const arn of arns) {
    const a = arnHead(arn);
    if (!a) continue;
    for (const f of formats) {
      const fh = formatHead(f);
      if (!fh || headsAgree(a, fh)) continue;
      skipped++;
      assert.equal(arnPatternMatchesFormat(arn, f), false, `${arn} was skipped for ${f}, which it matches`);
    }
  }
  assert.ok(skipped > 100_000, `the pre-filter skipped ${skipped} pairs`);
});
