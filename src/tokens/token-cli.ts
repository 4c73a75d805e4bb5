// `npm run api:token -- create <name> [--scopes a,b] | revoke <name> | list`: API tokens for
// other systems (README "The REST API"). A new token's secret is printed once, never again.
import path from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "../config/env.ts";
import { openDatabase } from "../db/open-database.ts";
import {
  apiScopes,
  createApiToken,
  defaultScopes,
  listApiTokens,
  revokeApiToken,
  type TokenRefusal,
} from "./api-tokens.ts";

const usage = `usage: npm run api:token -- create <name> [--scopes ${apiScopes.join(",")}]
       npm run api:token -- revoke <name>
       npm run api:token -- list`;

const env = parseEnv();
const { values, positionals } = parseArgs({
  options: { scopes: { type: "string" } },
  allowPositionals: true,
});
const [verb, name, ...rest] = positionals;
const wellFormed =
  rest.length === 0 &&
  ((verb === "create" && name) || (verb === "revoke" && name) || (verb === "list" && !name));
if (!wellFormed) {
  console.error(usage);
  process.exit(2);
}
const db = await openDatabase({
  url: env.DATABASE_URL,
  pgliteDir: path.join(env.DATA_DIR, "pglite"),
});
const refused = (e: TokenRefusal) => {
  const why = {
    bad_name: `"${name}" is not a token name: letters, digits, . _ or -, up to 64`,
    bad_scope: `unknown scope "${"scope" in e ? e.scope : ""}": the scopes are ${apiScopes.join(", ")}`,
    name_taken: `a token named "${name}" exists already (revoked ones keep their names)`,
    unknown_token: `no token named "${name}"`,
  }[e.type];
  console.error(why);
  process.exitCode = 1;
};
try {
  const now = new Date();
  if (verb === "create") {
    const scopes = values.scopes ? values.scopes.split(",").map((s) => s.trim()) : defaultScopes;
    const made = await createApiToken(db.prisma, { name: name!, scopes, createdBy: "cli", now });
    if (!made.ok) refused(made.error);
    else {
      console.log(`token "${made.token.name}" (${made.token.scopes.join(", ")}):`);
      console.log(made.secret);
      console.log("keep it now: it is not shown again.");
    }
  } else if (verb === "revoke") {
    const done = await revokeApiToken(db.prisma, name!, now);
    if (!done.ok) refused(done.error);
    else console.log(`token "${done.token.name}" revoked: it no longer works`);
  } else {
    for (const tk of await listApiTokens(db.prisma))
      console.log(
        [
          tk.name,
          tk.scopes.join(","),
          `made ${tk.createdAt.toISOString()} by ${tk.createdBy}`,
          tk.lastUsedAt ? `last used ${tk.lastUsedAt.toISOString()}` : "never used",
          ...(tk.revokedAt ? [`revoked ${tk.revokedAt.toISOString()}`] : []),
        ].join("  "),
      );
  }
} finally {
  await db.close();
}
