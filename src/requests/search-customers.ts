import type { Db } from "../db/open-database.ts";

/** Customers whose code or name contains the query, for the form's customer picker. */
export async function searchCustomers(
  db: Db,
  query: string,
  kind: "customer" | "distributor" | "any",
) {
  const q = query.trim();
  return db.customer.findMany({
    where: {
      ...(kind === "any" ? {} : { kind: kind === "distributor" ? "DISTRIBUTOR" : "CUSTOMER" }),
      ...(q
        ? {
            OR: [
              { code: { contains: q, mode: "insensitive" } },
              { name: { contains: q, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    orderBy: { code: "asc" },
    take: 50,
    select: { code: true, name: true },
  });
}
