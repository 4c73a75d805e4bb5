// What every listener receives: the domain services, the few background services a listener
// hands work to, and a logger. A listener never sends a request's messages itself: the engine
// announces each change, and the outbound pipeline (jobs/outbound.ts) brings Slack up to date.
import type { Logger } from "pino";
import type { Digest } from "../src/digest/build-digests.ts";
import { type Locale, pick } from "../src/i18n/index.ts";
import type { Assignment } from "../src/requests/records.ts";
import type { Services } from "../src/services.ts";
import { code } from "./blocks/mrkdwn.ts";
import { type Reader, readerFor } from "./blocks/reader.ts";
import type { Profiles } from "./outbound/slack-profiles.ts";

export interface HandlerDeps {
  services: Services;
  /** One-off DMs a command asks for: a manual reminder, the digest on demand. */
  notices: {
    remind(a: Assignment, kind: "manual"): Promise<void>;
    digest(d: Digest, day: string): Promise<void>;
  };
  /** People's Slack language, fetched after the ack (see outbound/slack-profiles.ts). */
  profiles: Profiles;
  /** A person's App Home, (re)published by the pipeline. */
  homes: { publish(userId: string, opts?: { shownNone?: boolean }): Promise<void> };
  /** Keeps the response_url of a click on a message, so its next render replaces it there. */
  responseUrls: { remember(channel: string, ts: string, url: string): Promise<void> };
  /**
   * Runs a decision made after its ack (a one-click approve, done, withdraw). A few at a time:
   * under a burst the rest wait without taking the CPU, so new clicks are still acked at once
   * (Slack's 3 s), and the waiting decisions commit a little later.
   */
  afterAck<T>(decide: () => Promise<T>): Promise<T>;
  /** Workflow Builder step runs, reported to Slack by a job that retries. */
  workflowSteps: { report(executionId: string): Promise<void> };
  logger: Logger;
}

export function readerOf(deps: HandlerDeps, userId: string): Reader {
  return readerFor(deps.services)(userId);
}

/** "return (退货/换货申请), credit (…)" for help and error texts. */
export function processList(deps: HandlerDeps, locale: Locale): string {
  return deps.services.catalog
    .list()
    .map((p) => `${code(p.def.key)} ${pick(locale, p.def.name)}`)
    .join(", ");
}
