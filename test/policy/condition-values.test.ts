import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  conditionValueProblem,
  inRange,
  parseCidr,
  parseDate,
  parseNumber,
} from "../../src/policy/condition-values.js";

// AWS: IAM User Guide, "IAM JSON policy elements: Condition operators" — date operators take "the W3C
// implementation of the ISO 8601 date formats" or epoch time; numeric, IP address (CIDR) operators.

test("dates: real calendar dates only, zones applied, a date-time without one is UTC", () => {
  assert.equal(parseDate("2024-02-29"), Date.UTC(2024, 1, 29));
  assert.ok(Number.isNaN(parseDate("2023-02-29")), "2023 is no leap year");
  assert.ok(Number.isNaN(parseDate("2024-02-30T00:00:00Z")));
  assert.ok(Number.isNaN(parseDate("2024-13-01")));
  assert.ok(Number.isNaN(parseDate("2024-04-31")));
  assert.ok(Number.isNaN(parseDate("2024-01-01T24:00:00Z")));
  assert.ok(Number.isNaN(parseDate("2024-01-01T00:60:00Z")));
  assert.ok(Number.isNaN(parseDate("2024-01-01T00:00:00+25:00")));
  assert.ok(Number.isNaN(parseDate(" 2024-01-01")));
  assert.equal(parseDate("1900-02-28"), Date.UTC(1900, 1, 28));
  assert.ok(Number.isNaN(parseDate("1900-02-29")), "1900 is no leap year");
  assert.equal(parseDate("2000-02-29"), Date.UTC(2000, 1, 29));
  assert.equal(parseDate("2026-01-01T10:00:00+02:00"), Date.UTC(2026, 0, 1, 8));
  assert.equal(parseDate("2026-01-01T10:00:00-0130"), Date.UTC(2026, 0, 1, 11, 30));
  assert.equal(parseDate("2026-01-01T10:00"), Date.UTC(2026, 0, 1, 10));
  // Years 0000–0099 are those years (Date.UTC would read them as 1900–1999): a date condition on
  // "0050-01-01" is 1,900 years earlier than 1950 (ISO 8601 years are four digits, written out).
  assert.equal(new Date(parseDate("0050-01-01T00:00:00Z")).toISOString(), "0050-01-01T00:00:00.000Z");
  assert.equal(new Date(parseDate("0001-03-01")).toISOString(), "0001-03-01T00:00:00.000Z");
  assert.equal(new Date(parseDate("0099-12-31T23:59:59.5+01:00")).toISOString(), "0099-12-31T22:59:59.500Z");
  assert.equal(parseDate("2026-01-01T10:00:00.250Z"), Date.UTC(2026, 0, 1, 10, 0, 0, 250));
  assert.equal(parseDate("1767225600"), 1767225600 * 1000);
  assert.ok(Number.isNaN(parseDate("9".repeat(400))), "an epoch beyond any date");
});

test("dates agree with Date.UTC on every valid date-time (property)", () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
      (d) => {
        const iso = d.toISOString();
        if (!/^\d{4}-/.test(iso)) return;
        assert.equal(parseDate(iso), d.getTime());
      },
    ),
  );
});

test("numbers: finite decimals only", () => {
  assert.equal(parseNumber("10"), 10);
  assert.equal(parseNumber("-1.5e3"), -1500);
  assert.ok(Number.isNaN(parseNumber("1e400")));
  assert.ok(Number.isNaN(parseNumber("Infinity")));
  assert.ok(Number.isNaN(parseNumber("0x10")));
  assert.ok(Number.isNaN(parseNumber(" 5")));
  assert.ok(Number.isNaN(parseNumber("")));
});

test("CIDRs: no spaces, prefix in range", () => {
  assert.ok(parseCidr("10.0.0.0/8"));
  assert.equal(parseCidr("10.0.0.0/8 "), undefined);
  assert.equal(parseCidr(" 10.0.0.0/8"), undefined);
  assert.equal(parseCidr("10.0.0.0/33"), undefined);
  assert.equal(parseCidr("2001:db8::/129"), undefined);
  assert.ok(inRange(parseCidr("10.0.0.0/8")!, "10.1.2.3"));
  assert.ok(!inRange(parseCidr("10.0.0.0/8")!, "11.0.0.1"));
  assert.ok(inRange(parseCidr("2001:db8::/32")!, "2001:db8:1::1"));
});

test("conditionValueProblem names what is wrong, per operator", () => {
  assert.match(conditionValueProblem("DateLessThan", "2024-02-30T00:00:00Z")!, /not a real date/);
  assert.match(conditionValueProblem("DateEquals", "tomorrow")!, /not an ISO 8601 date/);
  assert.match(conditionValueProblem("IpAddress", "10.0.0.0/8 ")!, /contains a space/);
  assert.match(conditionValueProblem("NumericLessThan", "1e400")!, /out of range/);
  assert.match(conditionValueProblem("NumericEquals", "ten")!, /not a number/);
  assert.match(conditionValueProblem("Bool", "yes")!, /true or false/);
  assert.match(conditionValueProblem("BinaryEquals", "abc")!, /base-64/);
  assert.equal(conditionValueProblem("Bool", "TRUE"), undefined);
  assert.equal(conditionValueProblem("StringEquals", " anything "), undefined);
  assert.equal(conditionValueProblem("NotIpAddress", "::1"), undefined);
});
