import assert from "node:assert/strict";
import { test } from "node:test";
import { measureFixture } from "../../../scripts/measure-capture.js";
import { ensureFixtureInstalled, fixtureNames } from "../../fixtures/programs/install.js";

// The fixture programs (test/fixtures/programs): each is captured in its own process, as the CLI
// does, and must reproduce every IAM resource its expected.json lists and answer every simulate
// question right; a program that depends on what no offline run can see must name it.
const names = fixtureNames();
for (const name of names) ensureFixtureInstalled(name);

// Two at a time: each capture is a process of its own.
const results = new Map<string, Awaited<ReturnType<typeof measureFixture>>>();
const queue = [...names];
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) results.set(name, await measureFixture(name));
  }),
);

test("at least 90% of the fixture programs are captured completely, the rest name what they cannot see", () => {
  const complete = names.filter((n) => results.get(n)?.complete);
  assert.ok(complete.length >= Math.ceil(names.length * 0.9), `complete: ${complete.join(", ")}`);
  for (const n of names) {
    const r = results.get(n)!;
    if (!r.complete)
      assert.equal(r.namedUnseen, true, `${n} does not name what it cannot see: ${r.unknowns.join("; ")}`);
  }
});

for (const name of names) {
  test(`${name}: every IAM resource captured, every simulate answer right`, () => {
    const r = results.get(name)!;
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.wrong, []);
    assert.equal(r.complete, r.expectedComplete);
  });
}
