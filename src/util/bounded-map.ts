/**
 * A map that keeps at most `limit` entries, forgetting the least recently used one first. The
 * effective-access object's caches are all of this kind: however many principals, actions and
 * resources a model asks about, memory stays bounded (a cache miss only costs a recomputation).
 */
interface Entry<K, V> {
  key: K;
  value: V;
  /** Less recently used. */
  prev: Entry<K, V> | undefined;
  /** More recently used. */
  next: Entry<K, V> | undefined;
}

/*
 * The order of use is a list of its own, not the Map's insertion order: moving a key to the end of
 * a Map (delete, then set) leaves a deleted slot at its old place, and finding the oldest key with
 * `keys().next()` walks every deleted slot before it until the table is rebuilt. Under churn (keys
 * read once each, more of them than the limit: 2,000 roles checked) that made each eviction linear
 * in the map's size: 500,000 reads and writes of a 50,000-entry map took 29 s.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, Entry<K, V>>();
  /** Least recently used. */
  private head: Entry<K, V> | undefined;
  /** Most recently used. */
  private tail: Entry<K, V> | undefined;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, not ${limit}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.touch(e);
    return e.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.value = value;
      this.touch(e);
      return this;
    }
    if (this.map.size >= this.limit && this.head !== undefined) {
      const oldest = this.head;
      this.unlink(oldest);
      this.map.delete(oldest.key);
    }
    const added: Entry<K, V> = { key, value, prev: undefined, next: undefined };
    this.append(added);
    this.map.set(key, added);
    return this;
  }

  /** The cached value, or `compute()`'s, remembered. */
  getOrCompute(key: K, compute: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const v = compute();
    this.set(key, v);
    return v;
  }

  clear(): void {
    this.map.clear();
    this.head = undefined;
    this.tail = undefined;
  }

  /** Makes `e` the most recently used. */
  private touch(e: Entry<K, V>): void {
    if (this.tail === e) return;
    this.unlink(e);
    this.append(e);
  }

  private unlink(e: Entry<K, V>): void {
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    else this.tail = e.prev;
    e.prev = undefined;
    e.next = undefined;
  }

  private append(e: Entry<K, V>): void {
    e.prev = this.tail;
    if (this.tail) this.tail.next = e;
    else this.head = e;
    this.tail = e;
  }
}
