// `/approval admin token create <name> [scope …] | revoke <name> | list`: API tokens for the
// ERP and other systems, made by an admin in Slack. The secret is shown once, to them alone.
import { formatDateTime, type Locale, t } from "../../src/i18n/index.ts";
import { apiScopes, defaultScopes, type TokenRefusal } from "../../src/tokens/api-tokens.ts";
import { commandText } from "../blocks/command-text.ts";
import { code, codeBlock } from "../blocks/mrkdwn.ts";
import type { HandlerDeps } from "../context.ts";

/** What to answer (ephemerally) to `args`, the words after `token`. */
export async function adminToken(
  deps: HandlerDeps,
  userId: string,
  args: string[],
  locale: Locale,
): Promise<string> {
  const tokens = deps.services.apiTokens;
  const [verb, name, ...scopes] = args;
  if (verb === "create" && name) {
    const made = await tokens.create(name, scopes.length > 0 ? scopes : defaultScopes, userId);
    if (!made.ok) return refusal(made.error, locale);
    deps.logger.info({ by: userId, token: name, scopes: made.token.scopes }, "API token created");
    return t(locale, "command.admin.token.created", {
      name: code(made.token.name),
      scopes: made.token.scopes.map(code).join(", "),
      secret: codeBlock(made.secret),
    });
  }
  if (verb === "revoke" && name && scopes.length === 0) {
    const done = await tokens.revoke(name);
    if (!done.ok) return refusal(done.error, locale);
    deps.logger.info({ by: userId, token: name }, "API token revoked");
    return t(locale, "command.admin.token.revoked", { name: code(name) });
  }
  if (verb === "list" && !name) {
    const all = await tokens.list();
    if (all.length === 0) return t(locale, "command.admin.token.none");
    const zone = deps.services.timeZoneOf(userId);
    const when = (at: Date) => formatDateTime(locale, at, zone);
    const lines = all.map((tk) =>
      t(locale, tk.revokedAt ? "command.admin.token.line_revoked" : "command.admin.token.line", {
        name: code(tk.name),
        scopes: tk.scopes.map(code).join(", "),
        created: when(tk.createdAt),
        used: tk.lastUsedAt ? when(tk.lastUsedAt) : t(locale, "command.admin.token.never"),
        revoked: tk.revokedAt ? when(tk.revokedAt) : "",
      }),
    );
    return t(locale, "command.admin.token.list", { list: lines.join("\n") });
  }
  return usage(locale);
}

function usage(locale: Locale): string {
  return t(locale, "command.admin.token.usage", {
    create: commandText("admin token create"),
    revoke: commandText("admin token revoke"),
    list: commandText("admin token list"),
    scopes: apiScopes.map(code).join(", "),
  });
}

function refusal(e: TokenRefusal, locale: Locale): string {
  switch (e.type) {
    case "bad_scope":
      return t(locale, "command.admin.token.bad_scope", {
        scope: code(e.scope),
        scopes: apiScopes.map(code).join(", "),
      });
    default:
      return t(locale, `command.admin.token.${e.type}`, { name: code(e.name) });
  }
}
