import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { globsOverlap, whoCan } from "../../../src/analysis/review/who-can.js";
import { renderWhoCanText } from "../../../src/report/review-text.js";
import { model, policy, user } from "./fixtures.js";

describe("who-can: grants that overlap a resource pattern", () => {
  test("globsOverlap: a common resource, or none", () => {
    assert.equal(globsOverlap("arn:aws:s3:::bucket/a*", "arn:aws:s3:::bucket/*b"), true);
    assert.equal(globsOverlap("arn:aws:s3:::bucket/a*", "arn:aws:s3:::bucket/b*"), false);
    assert.equal(globsOverlap("arn:aws:s3:::bucket/a?c", "arn:aws:s3:::bucket/*c"), true);
    assert.equal(globsOverlap("arn:aws:s3:::bucket/a?c", "arn:aws:s3:::bucket/ab"), false);
    assert.equal(globsOverlap("a*b*c", "*x*"), true);
    assert.equal(globsOverlap("abc", "abc"), true);
    assert.equal(globsOverlap("*", "anything"), true);
  });

  test("a grant on bucket/a* is reported, only where it overlaps, for --resource bucket/*b", () => {
    const m = model(
      [
        user("team/ann", "team", { managedPolicies: ["team/a"] }),
        user("team/bea", "team", { managedPolicies: ["team/c"] }),
      ],
      [
        policy("team/a", [
          { Sid: "ReadA", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/a*"] },
        ]),
        policy("team/c", [
          { Sid: "ReadC", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/c*"] },
        ]),
      ],
    );
    const r = whoCan(m, { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/*b" });
    // bea's bucket/c* overlaps bucket/*b too (bucket/cb); only a grant with no resource in common is left out.
    assert.deepEqual(
      r.principals.map((p) => [p.principal, p.status, p.overlapping, p.within]),
      [
        ["team/ann", "Allowed", ["arn:aws:s3:::bucket/a*"], undefined],
        ["team/bea", "Allowed", ["arn:aws:s3:::bucket/c*"], undefined],
      ],
    );
    assert.equal(r.principals[0].statements[0].sid, "ReadA");
    assert.match(renderWhoCanText(r), /only on arn:aws:s3:::bucket\/a\* {2}where it overlaps/);
    assert.deepEqual(whoCan(m, { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/b*" }).principals, []);
  });
});
