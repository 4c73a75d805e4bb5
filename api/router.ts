// The REST API under /api/v1 as one Bolt custom route: our own dispatch, so an unknown path
// or method is answered as problem details (Bolt's own would be a bare 404), and every route
// passes the same bearer-token check, scope check and per-token rate limit first.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../src/db/open-database.ts";
import { type Locale, locales } from "../src/i18n/locale.ts";
import type { Services } from "../src/services.ts";
import { type ApiScope, type ApiTokenInfo, authenticate } from "../src/tokens/api-tokens.ts";
import { Problem, type Reply, readJson, send } from "./http.ts";
import { problemTitle, problemType } from "./problems.ts";

export const apiBase = "/api/v1";

export interface ApiDeps {
  services: Services;
  db: Db;
  redis: Redis;
  logger: Logger;
  /** Calls a token may make a minute (API_RATE_LIMIT). */
  ratePerMinute: number;
  /** Redis key prefix (JOBS_PREFIX): deployments sharing a Redis count apart. */
  prefix: string;
}

export interface Call {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Absent only on the routes that need none (the OpenAPI document). */
  token: ApiTokenInfo;
  locale: Locale;
  body(): Promise<unknown>;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH";
  /** Below /api/v1, with `:name` for a path parameter. */
  path: string;
  /** Absent: no token needed. */
  scope?: ApiScope;
  handle(call: Call, deps: ApiDeps): Promise<Reply>;
}

export function apiRoutes(routes: Route[], deps: ApiDeps): CustomRoute[] {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.prefix}:api-rate`,
    points: deps.ratePerMinute,
    duration: 60,
    // Redis down: refuse at once (a 500) rather than hold the call until it is back.
    rejectIfRedisNotReady: true,
  });
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    void dispatch(routes, deps, limiter, req, res);
  return [
    {
      path: `${apiBase}/*rest`,
      method: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
      handler,
    },
  ];
}

async function dispatch(
  routes: Route[],
  deps: ApiDeps,
  limiter: RateLimiterRedis,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const locale = localeOf(req, deps.services.directory.defaultLocale);
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.slice(apiBase.length);
    const matching = routes
      .map((r) => ({ route: r, params: match(r.path, path) }))
      .filter((m) => m.params !== undefined);
    if (matching.length === 0) throw new Problem(404, "not_found");
    const found = matching.find((m) => m.route.method === req.method);
    if (!found) {
      const allow = matching.map((m) => m.route.method).join(", ");
      throw new Problem(405, "method_not_allowed", undefined, {}, { allow });
    }
    const { route } = found;
    const token = route.scope ? await authorize(req, route.scope, deps, limiter) : undefined;
    const reply = await route.handle(
      {
        req,
        params: found.params!,
        query: url.searchParams,
        token: token as ApiTokenInfo,
        locale,
        body: () => readJson(req),
      },
      deps,
    );
    send(res, { ...reply, headers: { "content-language": locale, ...reply.headers } });
  } catch (e) {
    if (!(e instanceof Problem)) deps.logger.error({ err: e }, "API call failed");
    const problem = e instanceof Problem ? e : new Problem(500, "internal");
    send(res, problemReply(problem, locale), "application/problem+json");
  }
}

export function problemReply(p: Problem, locale: Locale): Reply {
  return {
    status: p.status,
    headers: { "content-language": locale, ...p.headers },
    body: {
      type: problemType(p.code),
      title: problemTitle(p.code, locale),
      status: p.status,
      code: p.code,
      ...(p.detail ? { detail: p.detail } : {}),
      ...p.extra,
    },
  };
}

/** The live token of the call, with the scope the route needs and calls left this minute. */
async function authorize(
  req: IncomingMessage,
  scope: ApiScope,
  deps: ApiDeps,
  limiter: RateLimiterRedis,
): Promise<ApiTokenInfo> {
  const header = req.headers.authorization ?? "";
  const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const challenge = 'Bearer realm="approvals"';
  if (!secret)
    throw new Problem(401, "unauthorized", undefined, {}, { "www-authenticate": challenge });
  const token = await authenticate(deps.db, secret, deps.services.clock());
  if (!token)
    throw new Problem(
      401,
      "invalid_token",
      undefined,
      {},
      {
        "www-authenticate": `${challenge}, error="invalid_token"`,
      },
    );
  if (!token.scopes.includes(scope))
    throw new Problem(
      403,
      "insufficient_scope",
      undefined,
      { scope },
      {
        "www-authenticate": `${challenge}, error="insufficient_scope", scope="${scope}"`,
      },
    );
  try {
    await limiter.consume(String(token.id));
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new Problem(
      429,
      "rate_limited",
      undefined,
      { retry_after: seconds },
      {
        "retry-after": String(seconds),
      },
    );
  }
  return token;
}

/** `/requests/:id` against `/requests/42` → `{ id: "42" }`; undefined when it does not fit. */
function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.replace(/\/$/, "").split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const g = got[i]!;
    if (w.startsWith(":")) {
      if (g === "") return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

/** `Accept-Language`: the first of ours it names, else the company's language. */
function localeOf(req: IncomingMessage, fallback: Locale): Locale {
  const wanted = (req.headers["accept-language"] ?? "")
    .split(",")
    .map((part) => part.split(";")[0]!.trim().toLowerCase())
    .filter(Boolean);
  for (const w of wanted) {
    if (w.startsWith("zh")) return "zh-CN";
    const exact = locales.find((l) => l.toLowerCase() === w || w.startsWith(`${l}-`));
    if (exact) return exact;
  }
  return fallback;
}
