// The operator's metrics, in Prometheus's text format at GET /metrics (README "Running it for
// real"). One registry per process (not prom-client's global one), so tests and benchmarks
// that run several bots in one process each see their own.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Committed, TransactionObserver } from "../db/observed.ts";

/** How a request ended, from the audit action that ended it. */
const endings = { COMPLETE: "approved", REJECT: "rejected", WITHDRAW: "withdrawn" } as const;

/** Job counts per queue and state, read from Redis at each scrape. */
export type QueueCounts = () => Promise<Record<string, Record<string, number>>>;

export class Metrics implements TransactionObserver {
  readonly registry = new Registry();
  private readonly filed = new Counter({
    name: "approvals_requests_filed_total",
    help: "Requests filed, by process and where from (slack, api, workflow).",
    labelNames: ["process", "source"],
    registers: [this.registry],
  });
  private readonly ended = new Counter({
    name: "approvals_requests_decided_total",
    help: "Requests that ended, by process and outcome (approved, rejected, withdrawn).",
    labelNames: ["process", "outcome"],
    registers: [this.registry],
  });
  private readonly recorded = new Counter({
    name: "approvals_decisions_total",
    help: "Entries of the decision record committed, by process and action.",
    labelNames: ["process", "action"],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "approvals_transaction_seconds",
    help: "Time of each committed change of a request (a decision, a filing), lock to commit.",
    labelNames: ["kind"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly slackCalls = new Counter({
    name: "approvals_slack_calls_total",
    help: "Slack Web API calls, by method and result (ok, Slack's error name, http_<status>).",
    labelNames: ["method", "result"],
    registers: [this.registry],
  });
  private readonly slackLimited = new Counter({
    name: "approvals_slack_rate_limited_total",
    help: "Slack Web API calls answered 429 (rate limited), by method.",
    labelNames: ["method"],
    registers: [this.registry],
  });
  private readonly deliveriesFailed = new Counter({
    name: "approvals_deliveries_failed_total",
    help: "Deliveries given up on (people are told instead), by kind.",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  constructor(opts: { defaults?: boolean } = {}) {
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry });
  }

  committed(what: Committed, seconds: number): void {
    const process = what.processKey ?? "unknown";
    if (what.filed) this.filed.inc({ process, source: what.filed.toLowerCase() });
    for (const action of what.actions) {
      this.recorded.inc({ process, action: action.toLowerCase() });
      const outcome = endings[action as keyof typeof endings];
      if (outcome) this.ended.inc({ process, outcome });
    }
    this.latency.observe({ kind: what.filed ? "filing" : "decision" }, seconds);
  }

  slackCall(method: string, result: string): void {
    this.slackCalls.inc({ method, result });
    if (result === "rate_limited") this.slackLimited.inc({ method });
  }

  deliveryFailed(kind: string): void {
    this.deliveriesFailed.inc({ kind });
  }

  /** Queue depths, read when scraped (Redis is shared: every process reports the same). */
  watchQueues(counts: QueueCounts): void {
    const registry = this.registry;
    new Gauge({
      name: "approvals_queue_jobs",
      help: "Jobs in each queue, by state (waiting, active, delayed, failed, prioritized).",
      labelNames: ["queue", "state"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [queue, states] of Object.entries(await counts()))
          for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
