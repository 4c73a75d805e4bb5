// Every refusal the API gives, by its stable code: its RFC 9457 `type` and its title in the
// caller's language (Accept-Language), from the message catalog.
import { type Locale, t } from "../src/i18n/index.ts";

export const problemCodes = [
  "unauthorized",
  "invalid_token",
  "insufficient_scope",
  "rate_limited",
  "not_found",
  "method_not_allowed",
  "unsupported_media_type",
  "body_too_large",
  "invalid_json",
  "invalid_body",
  "invalid_query",
  "invalid_form",
  "unknown_process",
  "unknown_requester",
  "unresolvable_step",
  "request_not_found",
  "customer_not_found",
  "invalid_idempotency_key",
  "idempotency_key_reused",
  "idempotency_in_progress",
  "internal",
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export function problemType(code: ProblemCode): string {
  return `urn:approvals:problem:${code}`;
}

export function problemTitle(code: ProblemCode, locale: Locale): string {
  return t(locale, `api.problem.${code}`);
}
