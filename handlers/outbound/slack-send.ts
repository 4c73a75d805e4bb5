// The pipeline's Slack calls, each answered as one of four outcomes the jobs act on: sent,
// rate limited (the queue pauses for Retry-After), gone (the message is posted anew), never
// (a refusal no retry can change: recorded and told to the admins), or try again (anything
// transient: Slack's internal errors, HTTP 5xx, network errors and timeouts).
import type { View } from "@slack/types";
import { ErrorCode, WebClient, type WebClientOptions } from "@slack/web-api";
import type { Rendered } from "../blocks/request-message.ts";

/** Slack answers that mean this message can never be delivered as it is. */
const never = new Set([
  "account_inactive",
  "user_disabled",
  "user_not_found",
  "users_not_found",
  "cannot_dm_bot",
  "channel_not_found",
  "is_archived",
  "not_in_channel",
  "restricted_action",
  "msg_blocks_too_long",
  "msg_too_long",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "no_text",
  "too_many_attachments",
  "invalid_attachments",
  "invalid_metadata_format",
  // A Workflow Builder step that is over (ended, or its workflow deleted), or outputs refused.
  "execution_not_in_running_state",
  "function_execution_not_found",
  "parameter_validation_failed",
]);
/** The message to update is not there any more (deleted, or a local Slack that restarted). */
const gone = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);

export type SendFailure =
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "gone"; error: string }
  | { kind: "never"; error: string }
  | { kind: "transient"; error: string };

export class SlackSendError extends Error {
  /** BullMQ's worker (jobs/registry.ts) pauses the queue on this code, as for the WebClient's own error. */
  readonly code?: string;
  readonly retryAfter?: number;

  constructor(readonly failure: SendFailure) {
    super(
      failure.kind === "rate_limited"
        ? `rate limited for ${failure.retryAfterSeconds} s`
        : `${failure.kind}: ${failure.error}`,
    );
    if (failure.kind === "rate_limited") {
      this.code = ErrorCode.RateLimitedError;
      this.retryAfter = failure.retryAfterSeconds;
    }
  }
}

export function classify(err: unknown): SendFailure {
  const e = err as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
  };
  if (e.code === ErrorCode.RateLimitedError)
    return { kind: "rate_limited", retryAfterSeconds: Math.max(1, e.retryAfter ?? 1) };
  if (e.code === ErrorCode.PlatformError) {
    const error = e.data?.error ?? "unknown_error";
    if (error === "ratelimited") return { kind: "rate_limited", retryAfterSeconds: 1 };
    if (never.has(error)) return { kind: "never", error };
    if (gone.has(error)) return { kind: "gone", error };
    return { kind: "transient", error };
  }
  if (e.code === ErrorCode.HTTPError)
    return { kind: "transient", error: `http_${e.statusCode ?? "error"}` };
  return { kind: "transient", error: e.message ?? String(err) };
}

export interface SlackSendOptions {
  token: string;
  apiUrl?: string;
  /** Per call; a hung call must not hold a job (default 10 s). */
  timeoutMs?: number;
  clientOptions?: WebClientOptions;
}

export class SlackSend {
  private readonly client: WebClient;

  constructor(opts: SlackSendOptions) {
    // No retries inside a call: the job is retried by BullMQ, and a 429 must reach the queue.
    this.client = new WebClient(opts.token, {
      ...opts.clientOptions,
      timeout: opts.timeoutMs ?? 10_000,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    });
  }

  /** A new DM: the channel is the user id, and Slack answers with the DM's conversation id. */
  post(userId: string, r: Rendered): Promise<{ channel: string; ts: string }> {
    return this.call(async () => {
      const res = await this.client.chat.postMessage({
        channel: userId,
        text: r.text,
        blocks: r.blocks,
      });
      return { channel: res.channel!, ts: res.ts! };
    });
  }

  update(channel: string, ts: string, r: Rendered): Promise<void> {
    return this.call(
      async () =>
        void (await this.client.chat.update({ channel, ts, text: r.text, blocks: r.blocks })),
    );
  }

  publishHome(userId: string, view: View): Promise<void> {
    return this.call(async () => void (await this.client.views.publish({ user_id: userId, view })));
  }

  /** A Workflow Builder step's end: its outputs, or why it failed (shown to the workflow's people). */
  completeStep(executionId: string, outcome: { outputs: object } | { error: string }) {
    return this.call(async () => {
      await ("outputs" in outcome
        ? this.client.functions.completeSuccess({
            function_execution_id: executionId,
            outputs: outcome.outputs as Record<string, unknown>,
          })
        : this.client.functions.completeError({
            function_execution_id: executionId,
            error: outcome.error,
          }));
    });
  }

  permalink(channel: string, ts: string): Promise<string | undefined> {
    return this.call(
      async () => (await this.client.chat.getPermalink({ channel, message_ts: ts })).permalink,
    );
  }

  /**
   * Replaces the message an interaction came from through its response_url: not a Web API
   * call, so it spends none of chat.update's budget. False when Slack no longer takes the URL.
   */
  async replace(responseUrl: string, r: Rendered, timeoutMs = 10_000): Promise<boolean> {
    try {
      const res = await fetch(responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ replace_original: true, text: r.text, blocks: r.blocks }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) return false;
      const body = (await res.json().catch(() => ({ ok: true }))) as { ok?: boolean };
      return body.ok !== false;
    } catch {
      return false;
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new SlackSendError(classify(err));
    }
  }
}
