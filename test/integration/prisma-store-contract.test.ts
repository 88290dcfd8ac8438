import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds } from "../support/databases.ts";
import { everyCallInATransaction } from "../support/every-call-in-a-transaction.ts";
import { storeContract } from "../support/store-contract.ts";

for (const kind of databaseKinds()) {
  for (const inTransactions of [false, true]) {
    storeContract(`prisma on ${kind.name}${inTransactions ? ", each call in a transaction of its own" : ""}`, async () => {
      const database = await kind.create();
      await migrate(database.target);
      const store = createPrismaStore(database.target);
      return {
        store: inTransactions ? await everyCallInATransaction(store) : store,
        cleanup: async () => {
          await store.close();
          await database.drop();
        },
      };
    });
  }
}
