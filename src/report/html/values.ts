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
  /** Numbers, booleans and null by their text; arrays and objects by their items' indices. */
  private readonly others = new Map<string, number>();
  /** Lists of strings by their JSON text. */
  private readonly texts = new Map<string, number>();
  /** Arrays and objects already stored, by identity. */
  private readonly objects = new WeakMap<object, number>();

  /**
   * The index of `value`'s entry, as `JSON.stringify` sees the value (undefined and function
   * members left out, or null in an array). Each string is looked up once per occurrence and each
   * array or object by its items' indices, so equal values are found without comparing their text.
   */
  ref(value: unknown): number {
    if (typeof value === "string") {
      const known = this.strings.get(value);
      return known ?? this.add(this.strings, value, value);
    }
    if (typeof value !== "object" || value === null) {
      const entry = (typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean" ? value : null;
      const key = String(entry);
      return this.others.get(key) ?? this.add(this.others, key, entry);
    }
    // The same object met again (a statement shared by several policies: 46,350 statements, 19,507
    // objects in a 150-team organization) has the index it got the first time: the report's data
    // does not change while it is rendered, and the table lives for one rendering.
    const seen = this.objects.get(value);
    if (seen !== undefined) return seen;
    const ref = this.refObject(value);
    this.objects.set(value, ref);
    return ref;
  }

  private refObject(value: object): number {
    let key: string;
    let entry: unknown;
    if (Array.isArray(value)) {
      // Lists of strings (actions, resources) repeat most: found by their text, not string by string.
      const text = value.every((v) => typeof v === "string") ? JSON.stringify(value) : undefined;
      const known = text === undefined ? undefined : this.texts.get(text);
      if (known !== undefined) return known;
      const items = new Array<number>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = this.ref(member(value[i]) ?? null);
      key = `[${items.join(",")}`;
      entry = items;
      if (text !== undefined) {
        const ref = this.others.get(key) ?? this.add(this.others, key, entry);
        this.texts.set(text, ref);
        return ref;
      }
    } else {
      const keys: string[] = [];
      const values: number[] = [];
      for (const k of Object.keys(value)) {
        const v = member((value as Record<string, unknown>)[k]);
        if (v === undefined) continue;
        keys.push(k);
        values.push(this.ref(v));
      }
      const k = this.ref(keys);
      key = `{${k}:${values.join(",")}`;
      entry = { k, v: values };
    }
    return this.others.get(key) ?? this.add(this.others, key, entry);
  }

  /** The table as the text of a `<script type="application/json">`: no `<` in it, so nothing ends it early. */
  json(): string {
    return JSON.stringify(this.entries).replace(/</g, "\\u003c");
  }

  private add(map: Map<string, number>, key: string, entry: unknown): number {
    const ref = this.entries.length;
    this.entries.push(entry);
    map.set(key, ref);
    return ref;
  }
}

/** A member as JSON.stringify writes it: functions and undefined are left out. */
function member(v: unknown): unknown {
  return typeof v === "function" ? undefined : v;
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
