/** Helpers for the in-memory fakes. */
export const copy = <T>(value: T): T => structuredClone(value);

export function uniqueViolation(what: string): Error {
  return Object.assign(new Error(`unique constraint: ${what}`), { code: "P2002" });
}

export function byTimeThenId<T extends { id: string }>(time: (item: T) => Date) {
  return (a: T, b: T) => time(a).getTime() - time(b).getTime() || a.id.localeCompare(b.id);
}

export function deleteWhere<K, V>(map: Map<K, V>, match: (value: V) => boolean): number {
  let count = 0;
  for (const [key, value] of map) {
    if (match(value)) {
      map.delete(key);
      count += 1;
    }
  }
  return count;
}
