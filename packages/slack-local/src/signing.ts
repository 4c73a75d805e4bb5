import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's v0 request signature: "v0=" + hex HMAC-SHA256 of "v0:<ts>:<raw body>". */
export function slackSignature(
  signingSecret: string,
  timestamp: number | string,
  rawBody: string,
): string {
  const hmac = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`);
  return `v0=${hmac.digest("hex")}`;
}

/** Headers Slack adds to every request it sends to an app. */
export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(signingSecret, timestamp, rawBody),
  };
}

/** Verifies a signature as an app would (5 minute replay window, constant-time compare). */
export function verifySlackSignature(
  signingSecret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now = Date.now(),
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > 300 || !headers.signature) return false;
  const expected = Buffer.from(slackSignature(signingSecret, ts, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
