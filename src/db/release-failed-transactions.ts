// Prisma 6.19 gives a transaction's connection back to the pool only after its COMMIT or
// ROLLBACK succeeds. When the server drops the connection mid-transaction (restart,
// failover, pg_terminate_backend) the ROLLBACK fails too, and the pool loses that
// connection for good: after a few such drops every query waits forever. Here a failed
// COMMIT or ROLLBACK releases the connection (pg-pool discards a dead one).
import type { PrismaPg } from "@prisma/adapter-pg";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

export function releaseFailedTransactions(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => guard(await start(isolationLevel));
    return adapter;
  };
  return factory;
}

function guard(tx: Transaction): Transaction {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      // Prisma will not call rollback() after this: release the connection ourselves.
      if (query.sql === "ROLLBACK" || query.sql === "COMMIT")
        await tx.rollback().catch(() => undefined);
      throw e;
    }
  };
  return tx;
}
