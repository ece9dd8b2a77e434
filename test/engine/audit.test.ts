/**
 * Cases found in an audit of the engine against AWS's documentation, each naming the page it
 * comes from. Policy-level cases are vectors (test/engine/vectors/audit.json); these are the ones
 * that need more than a policy set and a request (the machine's time zone, ...).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEvaluator } from "../../src/engine/index.js";
import { parseDate } from "../../src/policy/condition-values.js";

const principal = "arn:aws:iam::111122223333:user/alice";
const JAN_1_2026_UTC = Date.UTC(2026, 0, 1);

/** Runs `fn` with the process's time zone set to `tz` (Node reads TZ again when it changes). */
function inTimeZone(tz: string, fn: () => void): void {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    assert.notEqual(new Date(2026, 0, 1).getTime(), JAN_1_2026_UTC, `the time zone ${tz} took effect`);
    fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

test("Date*: a date-time without a zone is UTC whatever the machine's time zone, with T or a space", () => {
  // AWS: IAM User Guide, "IAM JSON policy elements: Condition operators" (date condition operators:
  // W3C implementations of the ISO 8601 date formats, or epoch time)
  inTimeZone("America/New_York", () => {
    for (const s of [
      "2026-01-01T00:00:00",
      "2026-01-01 00:00:00",
      "2026-01-01T00:00",
      "2026-01-01 00:00",
      "2026-01-01T00:00:00Z",
      "2026-01-01 00:00:00Z",
      "2026-01-01T05:30:00+05:30",
      "2026-01-01T05:30:00+0530",
      "2025-12-31T19:00:00-05:00",
      "2026-01-01",
      "1767225600",
    ]) {
      assert.equal(parseDate(s), JAN_1_2026_UTC, s);
    }
    assert.equal(parseDate("2026-01-01T00:00:00.250Z"), JAN_1_2026_UTC + 250);
    assert.ok(Number.isNaN(parseDate("2026-13-01T00:00:00Z")));
    assert.ok(Number.isNaN(parseDate("yesterday")));
    const e = createEvaluator({
      identityPolicies: [
        {
          document: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: ["*"],
                Condition: { DateLessThan: { "aws:CurrentTime": ["2026-01-01 00:00:00"] } },
              },
            ],
          },
        },
      ],
    });
    const at = (t: string) =>
      e.evaluate({ principal, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: { "aws:CurrentTime": t } })
        .decision;
    assert.equal(at("2025-12-31T23:59:59Z"), "Allowed");
    assert.equal(at("2026-01-01T02:00:00Z"), "ImplicitlyDenied", "02:00 UTC is after midnight UTC");
  });
});
