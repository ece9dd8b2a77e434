import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileSpec, compileTeam } from "../../src/compile/compile.js";
import { compileThreads, PARALLEL_MIN_TEAMS, TeamPool } from "../../src/compile/parallel.js";
import { loadSpecFromString } from "../../src/input/team-spec/load.js";
import type { IdentityMode } from "../../src/input/team-spec/types.js";
import { generateOrgSpec } from "../helpers/generate-org.js";

/**
 * A large spec's teams compile on two threads (src/compile/parallel.ts): the model, its
 * diagnostics and the account-quota errors must be exactly those of compiling the teams one by
 * one, whichever thread compiled which team.
 */

const spec = (teams: number, identity: IdentityMode) =>
  loadSpecFromString(generateOrgSpec(teams, 4, { identity }), "org.yaml").spec!;

describe("compiling teams on two threads", () => {
  for (const identity of ["iam-users", "iam-roles", "identity-center"] as const) {
    test(`${identity}: the same model and diagnostics as one thread`, () => {
      const s = spec(70, identity);
      const one = compileSpec(s, { threads: 1 });
      const two = compileSpec(s, { threads: 2 });
      assert.ok(one.model, JSON.stringify(one.diagnostics.slice(0, 2)));
      assert.equal(one.model.policies.length > 70 * 5, true);
      assert.deepEqual(two, one);
    });
  }

  test("a spec beyond an account quota fails at the same team with the same message", () => {
    // 1,000 Identity Center teams create about 12,000 customer managed policies (AWS: at most 5,000).
    const s = spec(1000, "identity-center");
    const one = compileSpec(s, { threads: 1 });
    const two = compileSpec(s, { threads: 2 });
    assert.equal(one.model, undefined);
    assert.match(one.diagnostics.map((d) => d.message).join("\n"), /customer managed policies/);
    assert.deepEqual(two, one);
  });

  test("the pool hands over every team's result in order, whichever thread compiled it", () => {
    const s = spec(80, "iam-roles");
    const teams = Object.keys(s.teams).sort();
    const here: string[] = [];
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const pool = TeamPool.start(s, teams, (team) => {
      here.push(team);
      // Slow here, so that the worker (started from TypeScript, which takes a while) compiles some.
      Atomics.wait(pause, 0, 0, 50);
      return compileTeam(s, team);
    });
    try {
      for (const [i, team] of teams.entries()) {
        const r = pool.result(i);
        assert.deepEqual(r, compileTeam(s, team), team);
      }
    } finally {
      pool.stop();
    }
    assert.ok(pool.fromWorker > 0, "the worker compiled some teams");
    assert.equal(here.length + pool.fromWorker, teams.length, "each team compiled once");
    assert.equal(new Set(here).size, here.length);
  });

  test("threads: 2 from 64 teams on a machine with two cores, else 1; an explicit number is kept", () => {
    assert.equal(compileThreads(PARALLEL_MIN_TEAMS - 1, undefined), 1);
    assert.equal(compileThreads(10, 2), 2);
    assert.equal(compileThreads(1000, 1), 1);
    assert.equal(compileThreads(1000, 0), 1);
  });
});
