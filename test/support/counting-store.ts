import type { Repositories, Store } from "../../src/core/ports/store.ts";

/**
 * A store that counts every repository call (`identities.findByExternal`, …) before handing it on, inside
 * transactions too. Tests hold bounds on what one update reads and writes; `calls` names them, so a failing bound
 * says which reads came twice.
 */
export class CountingStore {
  readonly calls: string[] = [];
  readonly store: Store;

  constructor(inner: Store) {
    const count = <T extends object>(group: string, target: T): T =>
      new Proxy(target, {
        get: (object, property, receiver) => {
          const value: unknown = Reflect.get(object, property, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            this.calls.push(`${group}.${String(property)}`);
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        },
      });
    const wrap = (repositories: Repositories): Repositories =>
      new Proxy(repositories, {
        get: (object, property, receiver) => {
          const value: unknown = Reflect.get(object, property, receiver);
          return typeof value === "object" && value !== null && typeof property === "string" ? count(property, value) : value;
        },
      });
    const wrapped = wrap(inner);
    this.store = new Proxy(inner, {
      get: (object, property, receiver) => {
        if (property === "transaction") {
          return <T>(work: (repositories: Repositories) => Promise<T>) => {
            this.calls.push("transaction");
            return object.transaction((repositories) => work(wrap(repositories)));
          };
        }
        if (property === "ping" || property === "close") return Reflect.get(object, property, receiver) as unknown;
        return Reflect.get(wrapped, property, receiver) as unknown;
      },
    });
  }

  /** Forgets what was counted so far (after the set-up of a test). */
  reset(): void {
    this.calls.length = 0;
  }

  /** How often each call was made, most frequent first: what a reviewer reads when a bound fails. */
  summary(): string {
    const counts = new Map<string, number>();
    for (const call of this.calls) counts.set(call, (counts.get(call) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([call, n]) => `${n}× ${call}`)
      .join(", ");
  }
}
