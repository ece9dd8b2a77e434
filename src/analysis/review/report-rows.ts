import { withCompileCache } from "../../engine/compile.js";
import type { AccessModel } from "../../model/types.js";
import { principalCanNow } from "./can.js";
import { type MatrixPlan, matrixRowMaker } from "./matrix.js";
import { type AccessOf, PrincipalAccess } from "./principal-access.js";
import type { CanResult, MatrixRow } from "./types.js";

/** A principal's matrix row and its effective permissions (`principalCan`), as the report shows both. */
export type RowAndCan = [row: MatrixRow, can: CanResult];

/**
 * The matrix rows of some principals and their `can`, in one thread: each principal's two analyses
 * share its access objects (its candidate pairs, expanded once, and the engine's answers on them,
 * classified once), which are dropped when the next principal starts. The same rows and results
 * as `matrixRows` and `principalCan` apart.
 */
export function matrixRowsAndCan(model: AccessModel, plan: MatrixPlan, ids: readonly string[]): RowAndCan[] {
  return withCompileCache(() => {
    let current = "";
    const accesses = new Map<AccessModel, PrincipalAccess>();
    const accessOf: AccessOf = (m, id) => {
      if (id !== current) {
        accesses.clear();
        current = id;
      }
      let a = accesses.get(m);
      if (!a) {
        a = new PrincipalAccess(m, id);
        accesses.set(m, a);
      }
      return a;
    };
    const rowOf = matrixRowMaker(model, plan, accessOf);
    return ids.map((id): RowAndCan => [rowOf(id), principalCanNow(model, id, {}, accessOf)]);
  });
}
