// The response_url of a click on a request's message, kept for its 30 minutes so later
// renders of that message (the decision, and the request's end) replace it there instead of
// spending chat.update's Tier 3 budget. Slack takes a response_url five times.
import type { Redis } from "ioredis";

/** A little under Slack's 30 minutes, so a URL is never tried just as it expires. */
const ttlSeconds = 29 * 60;
const maxUses = 5;

export class ResponseUrls {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(channel: string, ts: string): string {
    return `${this.prefix}:respond:${channel}:${ts}`;
  }

  /** A new click brings a new URL with all its uses. */
  async remember(channel: string, ts: string, url: string): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(channel, ts), "url", url, "uses", 0)
      .expire(this.key(channel, ts), ttlSeconds)
      .exec();
  }

  /** Whether a use is left (to choose the queue; `take` decides). */
  async has(channel: string, ts: string): Promise<boolean> {
    const uses = await this.redis.hget(this.key(channel, ts), "uses");
    return uses !== null && Number(uses) < maxUses;
  }

  /** Takes one use of the URL, if one is left. */
  async take(channel: string, ts: string): Promise<string | undefined> {
    const key = this.key(channel, ts);
    const [url, uses] = await this.redis.hmget(key, "url", "uses");
    if (!url || Number(uses) >= maxUses) return undefined;
    if ((await this.redis.hincrby(key, "uses", 1)) > maxUses) return undefined;
    return url;
  }
}
