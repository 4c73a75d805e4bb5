// Prisma CLI configuration. The JS schema engine with a driver adapter lets
// `prisma migrate` run offline, against PGlite (no DATABASE_URL) or PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import type { PrismaPg } from "prisma-migrate-adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url) {
      // adapter-pg 7.x: 6.19 fails to introspect with "Column type 'name'" (prisma/orm#27403).
      const { PrismaPg } = await import("prisma-migrate-adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = process.env.PGLITE_DIR ?? "./.data/pglite";
    mkdirSync(dir, { recursive: true });
    // Same adapter shape; the package bundles its own copy of the types.
    return new PrismaPGlite(new PGlite(dir)) as unknown as PrismaPg;
  },
});
