import type { Repositories, Store } from "../../src/core/ports/store.ts";

/**
 * The store with every repository call made inside a transaction of its own: the repositories a transaction hands out
 * (with their statements on the transaction's connection, src/store/direct-sql.ts) then meet the same contract as
 * those outside one. `transaction`, `ping` and `close` stay as they are.
 */
export async function everyCallInATransaction(store: Store): Promise<Store> {
  const names = new Set(await store.transaction(async (repositories) => Object.keys(repositories)));
  const inTransaction = (name: keyof Repositories) =>
    new Proxy(store[name], {
      get(target, method, receiver) {
        const value: unknown = Reflect.get(target, method, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) =>
          store.transaction(async (repositories) => {
            const repository = repositories[name] as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
            const call = repository[method];
            if (typeof call !== "function") throw new Error(`${String(name)}.${String(method)} is missing inside a transaction`);
            return call.apply(repository, args);
          });
      },
    });
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && names.has(prop)) return inTransaction(prop as keyof Repositories);
      return Reflect.get(target, prop, receiver);
    },
  });
}
