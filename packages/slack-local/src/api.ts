import type { IncomingMessage, ServerResponse } from "node:http";
import { fail, type ApiContext, type ApiHandler, type ApiResponse } from "./api-types.ts";
import { bearerToken, parseApiArgs, readBody, sendJson, str } from "./http-util.ts";
import { chatMethods } from "./methods-chat.ts";
import { fileMethods } from "./methods-files.ts";
import { userMethods } from "./methods-users.ts";
import { viewMethods } from "./methods-views.ts";
import type { Failure } from "./types.ts";

const METHODS: Record<string, ApiHandler> = { ...chatMethods, ...fileMethods, ...viewMethods, ...userMethods };

export const IMPLEMENTED_METHODS = Object.keys(METHODS).sort();

/**
 * The `/api/<method>` endpoint: auth, failure injection, dispatch, recording.
 * Like Slack, answers are HTTP 200 with `ok: false` for errors; only an
 * injected rate limit uses 429 + Retry-After, which @slack/web-api retries on.
 */
export class ApiEndpoint {
  private readonly failures = new Map<string, Failure[]>();

  constructor(
    private readonly ctx: ApiContext,
    private readonly botToken: string,
  ) {}

  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
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

    const injected = this.failures.get(method)?.shift();
    if (injected && "status" in injected) {
      const retryAfter = String(injected.retryAfter ?? 1);
      return this.finish(res, method, args, fail("ratelimited"), 429, { "retry-after": retryAfter });
    }
    if (injected) return this.finish(res, method, args, fail(injected.error));
    if (!token) return this.finish(res, method, args, fail("not_authed"));
    if (token !== this.botToken) return this.finish(res, method, args, fail("invalid_auth"));

    const handler = METHODS[method];
    if (!handler) return this.finish(res, method, args, fail("unknown_method"));
    let response: ApiResponse;
    try {
      response = handler(args, this.ctx);
    } catch (err) {
      response = { ...fail("fatal_error"), detail: err instanceof Error ? err.message : String(err) };
    }
    this.finish(res, method, args, response);
  }

  private finish(
    res: ServerResponse, method: string, args: Record<string, unknown>, response: ApiResponse,
    status = 200, headers: Record<string, string> = {},
  ): void {
    // Record before answering so a waitFor() on this call sees the store already updated.
    this.ctx.store.recordCall({ method, args, response, status, at: Date.now() });
    sendJson(res, status, response, headers);
  }
}
