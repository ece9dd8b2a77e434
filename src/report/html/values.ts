/**
 * The report's shared values: every distinct JSON value the report's script renders (policy
 * documents, effective permissions) stored once, in one table inlined as JSON, and referenced by
 * index. A value is a string, number, boolean or null (stored as itself), an array (stored as the
 * indices of its items) or an object (stored as `{ "k": <index of its keys>, "v": [<index of each
 * value>] }`; the script defines each key, so that none, `__proto__` included, is ever assigned).
 * Equal values share one index however many
 * principals or policies hold them: 150 teams' copies of the same statement, action list or
 * condition cost one entry each.
 */
export class ValueTable {
  readonly entries: unknown[] = [];
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  private readonly composites = new Map<string, number>();
  private readonly known = new WeakMap<object, number>();

  /** The index of `value`'s entry, as `JSON.stringify` sees the value (undefined members left out). */
  ref(value: unknown): number {
    if (typeof value === "string") return this.intern(this.strings, value, value);
    if (typeof value === "number" && Number.isFinite(value)) return this.intern(this.numbers, value, value);
    if (typeof value === "boolean") return this.intern(this.composites, value ? "true" : "false", value);
    if (value === null || typeof value !== "object") return this.intern(this.composites, "null", null);
    const known = this.known.get(value);
    if (known !== undefined) return known;
    let ref: number;
    if (Array.isArray(value)) {
      const items = Array.from(value, (v) => this.ref(v === undefined || typeof v === "function" ? null : v));
      ref = this.intern(this.composites, `[${items.join(",")}`, items);
    } else {
      const keys: string[] = [];
      const values: number[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || typeof v === "function") continue;
        keys.push(k);
        values.push(this.ref(v));
      }
      const k = this.ref(keys);
      ref = this.intern(this.composites, `{${k}:${values.join(",")}`, { k, v: values });
    }
    this.known.set(value, ref);
    return ref;
  }

  /** The table as the text of a `<script type="application/json">`: no `<` in it, so nothing ends it early. */
  json(): string {
    return JSON.stringify(this.entries).replace(/</g, "\\u003c");
  }

  private intern<K>(map: Map<K, number>, key: K, entry: unknown): number {
    let ref = map.get(key);
    if (ref === undefined) {
      ref = this.entries.length;
      this.entries.push(entry);
      map.set(key, ref);
    }
    return ref;
  }
}

/**
 * The script's side of the table: `value(i)` rebuilds entry `i` (once; later calls share it),
 * the inverse of `ValueTable.ref`. Plain ES5, as the rest of the report's script.
 */
export const VALUES_SCRIPT = `
  var valuesEl = document.getElementById("report-values");
  var table = valuesEl ? JSON.parse(valuesEl.textContent) : [], built = [];
  function value(i) {
    if (i in built) return built[i];
    var e = table[i], v;
    if (Array.isArray(e)) v = e.map(value);
    else if (e !== null && typeof e === "object") {
      var keys = value(e.k);
      v = {};
      for (var k = 0; k < keys.length; k++) {
        Object.defineProperty(v, keys[k], { value: value(e.v[k]), enumerable: true, writable: true, configurable: true });
      }
    } else v = e;
    built[i] = v;
    return v;
  }
`;
