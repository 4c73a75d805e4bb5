// The local Slack as the bot's tests and benchmarks run it: one signing secret, the org's
// people as its users, and what it refused of what the bot sent.
import type { LocalSlack, LocalUser } from "@approvals/slack-local";
import type { Directory } from "../src/directory/directory.ts";
import { toSlackLocale } from "../src/people/slack-locale.ts";

export const signingSecret = "test-signing-secret";

/** The org's people as Slack users, each in their org-file language, else the company's (a test may change one: slack.store.addUser). */
export function slackUsers(directory: Directory): LocalUser[] {
  return directory.org.people.map((p) => ({
    id: p.id,
    name: p.name,
    locale: toSlackLocale(p.locale ?? directory.defaultLocale),
    ...(p.email ? { email: p.email } : {}),
  }));
}

/** Errors Slack gives for content it will not show: the bot sent something Slack refuses. */
const CONTENT_ERRORS = new Set([
  "invalid_blocks",
  "invalid_arguments",
  "msg_too_long",
  "msg_blocks_too_long",
]);

/** Every Web API call and interaction answer the local Slack refused for its content, with Slack's reasons. */
export function refusedContent(slack: LocalSlack): string[] {
  const calls = slack.store.calls
    .filter((c) => CONTENT_ERRORS.has(String(c.response.error)))
    .map(
      (c) =>
        `${c.method}: ${String(c.response.error)} ${JSON.stringify((c.response.response_metadata as { messages?: string[] } | undefined)?.messages ?? [])}`,
    );
  const answers = slack.store.refusals.map(
    (r) => `${r.source} (${r.about ?? ""}): ${r.error} ${JSON.stringify(r.messages)}`,
  );
  return [...calls, ...answers];
}
