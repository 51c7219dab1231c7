/**
 * A read-only array whose elements are made when read: the report's case records. A million of them held at once
 * were ~200 MB; the report writer, the JUnit renderer and JSON.stringify read them one at a time, so each lives only
 * as long as its reader needs it. It is a real array to every reader (Array.isArray, length, indexing, iteration,
 * map/filter, JSON.stringify, Object.keys) and refuses writes.
 */
export function lazyList<T>(
  length: number,
  at: (index: number) => T,
  hidden: Record<symbol, unknown> = {},
): T[] {
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < length && String(index) === key ? index : -1;
  };
  const refuse = (): never => {
    throw new TypeError('the report cases are read-only');
  };
  const target = new Array<T>(length);
  // `hidden`: non-enumerable members under symbols, for readers that know them (the report writer's CASE_FIELDS).
  for (const key of Object.getOwnPropertySymbols(hidden))
    Object.defineProperty(target, key, { value: hidden[key], enumerable: false });
  return new Proxy(target, {
    get: (target, key, receiver) => {
      const index = indexOf(key);
      return index >= 0 ? at(index) : (Reflect.get(target, key, receiver) as unknown);
    },
    has: (target, key) => indexOf(key) >= 0 || Reflect.has(target, key),
    ownKeys: (target) => [...Array.from({ length }, (_, index) => String(index)), ...Reflect.ownKeys(target)],
    getOwnPropertyDescriptor: (target, key) => {
      const index = indexOf(key);
      return index >= 0
        ? { value: at(index), writable: false, enumerable: true, configurable: true }
        : Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}
