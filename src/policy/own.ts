/**
 * Objects keyed by what a user wrote (condition operators and keys, context keys, names in a spec):
 * `obj[key] = v` with the key `__proto__` changes the object's prototype instead of adding a key,
 * and `obj[key]` with `constructor` or `toString` finds Object's methods. These helpers touch own
 * properties only.
 */

/** Sets `key` as an own, enumerable property, `__proto__` included. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The own property `key`, never one inherited from Object.prototype. */
export function getOwn<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
