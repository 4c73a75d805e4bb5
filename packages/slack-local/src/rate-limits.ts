// Web API rate limits as Slack applies them: per method and workspace, by tier
// (docs.slack.dev/apis/web-api/rate-limits: Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min,
// Tier 4 100+/min, "bursts tolerated"), and chat.postMessage's special limit of about one
// message a second per conversation under a workspace-wide cap. Past a budget Slack answers
// HTTP 429 with Retry-After (seconds) and `ratelimited`.
//
// "Bursts tolerated" is modelled as a token bucket holding a minute's budget and refilling
// evenly over the minute; the per-conversation limit as a bucket of 2 refilling 1 a second.

export type Tier = 1 | 2 | 3 | 4;

export const PER_MINUTE: Record<Tier, number> = { 1: 1, 2: 20, 3: 50, 4: 100 };

/**
 * Each method's limit as its reference page gives it (docs.slack.dev/reference/methods/<name>,
 * "Rate limits"). "special" methods have a budget of their own, per minute.
 */
export const METHOD_LIMITS: Record<string, { tier: Tier } | { special: number; why: string }> = {
  "auth.test": { special: 300, why: "special: hundreds of requests per minute" },
  // Slack: about 1 a second per conversation (below), and a workspace-wide limit of "several
  // hundred messages per minute". 300, the low end of "several hundred", so that a bot that
  // fits here fits in Slack.
  "chat.postMessage": {
    special: 300,
    why: "special: ~1 a second per conversation; workspace-wide 'several hundred a minute'",
  },
  "chat.postEphemeral": { tier: 4 },
  "chat.update": { tier: 3 },
  "chat.delete": { tier: 3 },
  "chat.getPermalink": { special: 300, why: "special: 'allows hundreds of requests per minute'" },
  "conversations.open": { tier: 3 },
  "views.open": { tier: 4 },
  "views.push": { tier: 4 },
  "views.update": { tier: 4 },
  "views.publish": { tier: 4 },
  "users.info": { tier: 4 },
  "users.list": { tier: 2 },
  "users.lookupByEmail": { tier: 3 },
  "functions.completeSuccess": { tier: 3 },
  "functions.completeError": { tier: 3 },
  "files.getUploadURLExternal": { tier: 4 },
  "files.completeUploadExternal": { tier: 4 },
};

/**
 * Methods Slack also limits per conversation: "about one message per second" in a channel,
 * "short bursts above this limit" allowed. chat.postEphemeral is held to it too (a reply to a
 * person lands in a conversation the same way).
 */
export const PER_CONVERSATION = new Set(["chat.postMessage", "chat.postEphemeral"]);
const CONVERSATION_BURST = 2;
const CONVERSATION_PER_SECOND = 1;

/** Unknown methods get Tier 3, Slack's most common tier. */
const DEFAULT_LIMIT = { tier: 3 as Tier };

class Bucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Milliseconds until a token is there (0: now), after refilling for the time gone by. */
  waitMs(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
  }

  spend(): void {
    this.tokens -= 1;
  }
}

export interface RateLimitOptions {
  /**
   * Multiplies every budget (capacity and refill): 100 for load tests, 0.1 to hit a limit fast.
   * `Infinity` or 0 turns rate limiting off. Default 1: Slack's own figures.
   */
  rateScale?: number;
  now: () => number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly scale: number;

  constructor(private readonly opts: RateLimitOptions) {
    const scale = opts.rateScale ?? 1;
    if (!(scale >= 0))
      throw new Error(`rateScale must be a number ≥ 0 (0 or Infinity: off), not ${scale}`);
    this.scale = scale;
  }

  get enabled(): boolean {
    return this.scale > 0 && Number.isFinite(this.scale);
  }

  /**
   * Counts one call; undefined when it is within budget, else the seconds to put in
   * Retry-After (at least 1, as Slack sends whole seconds).
   */
  take(method: string, channel: string | undefined): { retryAfter: number } | undefined {
    if (!this.enabled) return undefined;
    const now = this.opts.now();
    const limit = METHOD_LIMITS[method] ?? DEFAULT_LIMIT;
    const perMinute = "tier" in limit ? PER_MINUTE[limit.tier] : limit.special;
    const checks = [this.bucket(method, perMinute, perMinute / 60_000, now)];
    if (channel && PER_CONVERSATION.has(method)) {
      checks.push(
        this.bucket(
          `${method}:${channel}`,
          CONVERSATION_BURST,
          CONVERSATION_PER_SECOND / 1000,
          now,
        ),
      );
    }
    // Every bucket must have a token; none is spent unless all do (a refused call costs nothing).
    const waitMs = Math.max(...checks.map((b) => b.waitMs(now)));
    if (waitMs > 0) return { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
    for (const b of checks) b.spend();
    return undefined;
  }

  private bucket(key: string, capacity: number, perMs: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      // A scaled budget under one call would never let a call through: keep at least one.
      b = new Bucket(Math.max(1, capacity * this.scale), perMs * this.scale, now);
      this.buckets.set(key, b);
    }
    return b;
  }
}
