import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accessMatrix } from "../../../src/analysis/review/matrix.js";
import { accessMatrixParallel } from "../../../src/analysis/review/parallel.js";
import type { AccessModel } from "../../../src/model/types.js";
import type { Statement } from "../../../src/policy/types.js";
import { renderMatrixHtml } from "../../../src/report/html/report.js";
import { cellText, renderMatrixCsv, renderMatrixText } from "../../../src/report/review-text.js";
import { model, policy, user } from "./fixtures.js";

/** One user allowed s3:GetObject on `bucket/*`, optionally denied it on `bucket/secret/*`. */
function bucketModel(deny: boolean, extra: Statement[] = []): AccessModel {
  const statements: Statement[] = [
    { Sid: "ReadBucket", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/*"] },
    ...extra,
  ];
  if (deny)
    statements.push({
      Sid: "NoSecrets",
      Effect: "Deny",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::bucket/secret/*"],
    });
  return model([user("team/ann", "team", { managedPolicies: ["team/policy"] })], [policy("team/policy", statements)]);
}

const ACTIVITY = {
  activity: "read-bucket",
  label: "read bucket",
  byTeam: { team: [{ action: "s3:GetObject", resource: "arn:aws:s3:::bucket/*" }] },
};

function cells(m: AccessModel) {
  const matrix = accessMatrix(m, { activities: [ACTIVITY] });
  const col = (id: string) => matrix.capabilities.findIndex((c) => c.id === id);
  const row = matrix.rows[0];
  return { matrix, read: row.cells[col("service:s3:Read")], activity: row.cells[col("activity:read-bucket")] };
}

describe("matrix: partially denied grants", () => {
  test("a deny narrower than the grant marks the s3 Read cell partial", () => {
    const { read, activity } = cells(bucketModel(true));
    assert.equal(read.status, "Allowed");
    assert.equal(read.allowed, 1);
    assert.equal(read.partial, 1);
    assert.equal(cellText(read), "1!1");
    assert.equal(activity.partial, 1);
    assert.equal(cellText(activity), "1!1");
  });

  test("without the deny the cell is plainly Allowed", () => {
    const { read, activity } = cells(bucketModel(false));
    assert.deepEqual({ ...read, total: 0 }, { status: "Allowed", allowed: 1, conditional: 0, total: 0 });
    assert.equal(cellText(read), "1");
    assert.equal(activity.partial, undefined);
  });

  test("a deny outside the granted pattern, or over all of it, is not partial", () => {
    const outside = bucketModel(false, [
      { Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::other/secret/*"] },
    ]);
    assert.equal(cells(outside).read.partial, undefined);
    const whole = bucketModel(false, [
      { Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/*"] },
    ]);
    assert.equal(cells(whole).read.status, "Denied");
    assert.equal(cells(whole).read.partial, undefined);
  });

  test("a conditional grant with a narrower deny is partial too", () => {
    const m = bucketModel(true);
    const st = m.policies[0].document.Statement[0];
    st.Condition = { StringEquals: { "aws:RequestedRegion": ["eu-west-1"] } };
    const { read } = cells(m);
    assert.equal(read.status, "Conditional");
    assert.equal(read.partial, 1);
    assert.equal(cellText(read), "~1!1");
  });

  test("text, CSV, JSON and HTML show the partial tally; worker threads agree", async () => {
    const { matrix } = cells(bucketModel(true));
    const text = renderMatrixText(matrix);
    assert.match(text, /!P: P of them only in part/);
    assert.match(text, /team\/ann\s+1!1\s/);
    assert.doesNotMatch(renderMatrixText(cells(bucketModel(false)).matrix), /!P/);
    assert.match(renderMatrixCsv(matrix), /,Allowed 1\/66 \(1 partial\),/);
    assert.equal(JSON.parse(JSON.stringify(matrix)).rows[0].cells[0].partial, 1);
    const html = renderMatrixHtml("t", matrix, []);
    assert.match(html, /data-partial="1"[^>]*title="[^"]*1 of them only in part[^"]*"[^>]*>1!1<\/td>/);
    assert.match(html, /class="sw partial"/);
    const parallel = await accessMatrixParallel(bucketModel(true), { activities: [ACTIVITY] }, { workers: 2 });
    assert.deepEqual(parallel, matrix);
  });
});
