import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds } from "../support/databases.ts";
import { storeContract } from "../support/store-contract.ts";

for (const kind of databaseKinds()) {
  storeContract(`prisma on ${kind.name}`, async () => {
    const database = await kind.create();
    await migrate(database.target);
    const store = createPrismaStore(database.target);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
}
