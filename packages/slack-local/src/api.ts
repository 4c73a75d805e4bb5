import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type ApiContext, type ApiHandler, type ApiResponse, fail } from "./api-types.ts";
import { functionMethods } from "./functions.ts";
import { bearerToken, parseApiArgs, readBody, sendJson, str } from "./http-util.ts";
import { chatMethods } from "./methods-chat.ts";
import { fileMethods } from "./methods-files.ts";
import { userMethods } from "./methods-users.ts";
import { viewMethods } from "./methods-views.ts";
import type { RateLimiter } from "./rate-limits.ts";
import type { Failure } from "./types.ts";

const METHODS: Record<string, ApiHandler> = {
  ...chatMethods,
  ...fileMethods,
  ...viewMethods,
  ...userMethods,
  ...functionMethods,
};

export const IMPLEMENTED_METHODS = Object.keys(METHODS).sort();

/**
 * The `/api/<method>` endpoint: failure injection, auth, rate limits, dispatch, recording.
 * Like Slack, answers are HTTP 200 with `ok: false` for errors; a rate limit is HTTP 429 with
 * Retry-After (which @slack/web-api waits for and retries), an injected 5xx is a 5xx.
 */
export class ApiEndpoint {
  private readonly queued = new Map<string, Failure[]>();
  private readonly lasting = new Map<string, Failure>();

  constructor(
    private readonly ctx: ApiContext,
    private readonly botToken: string,
    private readonly limiter: RateLimiter,
  ) {}

  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.queued.set(method, queue);
  }

  /** Every call to `method` fails until the returned function is called ("Slack is down for a while"). */
  failWhile(method: string, failure: Failure): () => void {
    this.lasting.set(method, failure);
    return () => {
      if (this.lasting.get(method) === failure) this.lasting.delete(method);
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice("/api/".length));
    const raw = await readBody(req);
    let args: Record<string, unknown>;
    try {
      args = parseApiArgs(req.headers["content-type"], raw, url.searchParams);
    } catch {
      return this.finish(res, method, {}, fail("invalid_json"));
    }
    const token = bearerToken(req) ?? str(args.token);
    delete args.token; // never keep credentials in the call log

    const injected = this.queued.get(method)?.shift() ?? this.lasting.get(method);
    if (injected && "hangMs" in injected) await sleep(injected.hangMs);
    else if (injected && "status" in injected && injected.status === 429) {
      return this.finish(res, method, args, fail("ratelimited"), 429, {
        "retry-after": String(injected.retryAfter ?? 1),
      });
    } else if (injected && "status" in injected)
      return this.finish(res, method, args, fail("internal_error"), injected.status);
    else if (injected) return this.finish(res, method, args, fail(injected.error));

    if (!token) return this.finish(res, method, args, fail("not_authed"));
    if (token !== this.botToken && !this.ctx.executions.tokenIsLive(token))
      return this.finish(res, method, args, fail("invalid_auth"));
    const handler = METHODS[method];
    if (!handler) return this.finish(res, method, args, fail("unknown_method"));
    const unscoped = this.ctx.scopes.refusal(method);
    if (unscoped) return this.finish(res, method, args, unscoped as ApiResponse);
    const limited = this.limiter.take(method, conversationOf(args));
    if (limited)
      return this.finish(res, method, args, fail("ratelimited"), 429, {
        "retry-after": String(limited.retryAfter),
      });

    let response: ApiResponse;
    try {
      response = handler(args, this.ctx);
    } catch (err) {
      response = {
        ...fail("fatal_error"),
        detail: err instanceof Error ? err.message : String(err),
      };
    }
    this.finish(res, method, args, response);
  }

  private finish(
    res: ServerResponse,
    method: string,
    args: Record<string, unknown>,
    response: ApiResponse,
    status = 200,
    headers: Record<string, string> = {},
  ): void {
    // Record before answering so a waitFor() on this call sees the store already updated.
    this.ctx.store.recordCall({ method, args, response, status, at: this.ctx.store.now() });
    // A client that gave up during a hang is gone; the call still took effect, as in a slow Slack.
    if (!res.destroyed) sendJson(res, status, response, headers);
  }
}

/** The conversation a post goes to, for the per-conversation limit (a user id means their DM). */
function conversationOf(args: Record<string, unknown>): string | undefined {
  const channel = str(args.channel)?.trim();
  if (!channel) return undefined;
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}
