import { MemoryStore } from "../fakes/memory-store.ts";
import { storeContract } from "../support/store-contract.ts";

storeContract("in-memory fake", async () => ({ store: new MemoryStore(), cleanup: async () => {} }));
