// Builds the Bolt app: HTTP mode (POST /slack/events, GET /healthz and the other routes) with
// signature verification, or Socket Mode when an app token is given (the routes on `port`). Web API calls go to
// `apiUrl` when set (the built-in local Slack, or a test stand-in).
import {
  App,
  AuthorizationError,
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  LogLevel,
  type ReceiverProcessEventErrorHandlerArgs,
  SocketModeReceiver,
} from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import pQueue from "p-queue";
import type { Logger } from "pino";
import { t } from "../src/i18n/index.ts";
import { within } from "../src/infra/within.ts";
import type { Services } from "../src/services.ts";
import { registerActions } from "./actions/index.ts";
import { registerCommands } from "./commands/index.ts";
import type { HandlerDeps } from "./context.ts";
import { ackEarly, allowEarlyAcks } from "./early-ack.ts";
import { registerEvents } from "./events/index.ts";
import {
  ackOnce,
  actorOf,
  answer,
  answerOutsider,
  answerUnhandled,
  type Body,
  deliveryKey,
  type GuardArgs,
  mayUse,
  RecentKeys,
} from "./guards.ts";
import { registerOptions } from "./options/customer-search.ts";
import { learnLocaleAfterListener } from "./outbound/slack-profiles.ts";
import { registerViews } from "./views/index.ts";

export interface SlackOptions {
  token: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  /** More pages on the HTTP port (the local workspace page, without Slack credentials). */
  routes?: CustomRoute[];
  /** How long a form, option search or command waits for Redis to say whether it was taken before (default 100 ms). */
  replayCheckMs?: number;
  /** The listeners' Web API calls pass it (counted for GET /metrics). */
  fetch?: WebClientOptions["fetch"];
}

export interface SlackApp {
  app: App;
  deps: HandlerDeps;
  start(): Promise<void>;
  /** Stops taking requests, then waits (up to drainMs) for listeners still at work. */
  stop(drainMs?: number): Promise<void>;
  /** Resolves once no listener is at work, including what it does after its ack. */
  idle(): Promise<void>;
}

/** What the listeners hand slow work to (jobs/background.ts builds it). */
export interface AfterAck
  extends Pick<HandlerDeps, "notices" | "profiles" | "homes" | "responseUrls" | "workflowSteps"> {
  /** Deliveries already taken, shared by every bot process, so a Slack retry is not acted on twice. */
  deliveries: DeliveryLog;
}

export interface DeliveryLog {
  /** Whether Redis is connected (else nothing waits for it). */
  ready(): boolean;
  /** Records the delivery; false when it was recorded before. */
  firstTime(key: string): Promise<boolean>;
  /** Forgets it, so a retry of a delivery that failed is handled. */
  forget(key: string): Promise<void>;
}

export function createSlackApp(
  services: Services,
  logger: Logger,
  opts: SlackOptions,
  background: AfterAck,
): SlackApp {
  const boltLogger = adaptLogger(logger.child({ module: "bolt" }));
  const customRoutes: CustomRoute[] = [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("ok"),
    },
    ...(opts.routes ?? []),
  ];
  // In Socket Mode, Bolt serves the same routes on an HTTP server of its own on `port`.
  const receiver = opts.appToken
    ? new SocketModeReceiver({
        appToken: opts.appToken,
        logger: boltLogger,
        customRoutes,
        installerOptions: { port: opts.port },
      })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret,
        endpoints: "/slack/events",
        logger: boltLogger,
        customRoutes,
        // Ack first, work after: the HTTP response leaves as soon as ack() is called.
        processBeforeResponse: false,
        processEventErrorHandler: answerMalformed,
      });
  const app = new App({
    token: opts.token,
    receiver,
    logger: boltLogger,
    // The listeners' own calls (views.open within the trigger_id's 3 s, ephemeral answers):
    // a hung call gives up, a 429 is not waited out (the trigger would expire meanwhile).
    clientOptions: {
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      timeout: 10_000,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    },
  });
  allowEarlyAcks(app);
  const decisions = new PQueue({ concurrency: decisionsAtOnce });
  const afterAck = <T>(decide: () => Promise<T>) => decisions.add(decide) as Promise<T>;
  const deps: HandlerDeps = {
    services,
    notices: background.notices,
    profiles: background.profiles,
    homes: background.homes,
    responseUrls: background.responseUrls,
    workflowSteps: background.workflowSteps,
    afterAck,
    logger,
  };
  // Listeners keep working after ack(); shutdown waits for them so no transaction is cut off.
  const inFlight = new Set<Promise<void>>();
  const takenHere = new RecentKeys(15 * 60_000, 20_000);
  app.use(async (args) => {
    // Taken once: a Slack retry (X-Slack-Retry-Num, events only) or a replay of a signed
    // request within Slack's five minutes is acked and dropped. This process's own deliveries
    // answer at once; Redis (shared by every bot process) is given a moment at most, and none
    // when it is down: the delivery is then handled, and the database's own idempotency (a
    // form files once per view, a decision once per assignment) keeps it from acting twice.
    // A click's empty ack goes first, so only forms, options and commands wait for Redis.
    const key = deliveryKey(args.body);
    const here = takenHere.seen(key);
    const recorded = background.deliveries.firstTime(key).catch((err: unknown) => {
      logger.warn({ err }, "could not record a Slack delivery");
      return true;
    });
    await ackEarly(args.body);
    if (
      here ||
      !(background.deliveries.ready()
        ? await within(recorded, opts.replayCheckMs ?? replayCheckMs, true)
        : true)
    ) {
      await ackOnce(args);
      logger.info(
        { retry: args.context.retryNum, reason: args.context.retryReason },
        "a delivery already taken (Slack's retry, or a replay): ignored",
      );
      return;
    }
    const userId = actorOf(args.body);
    if (userId && !mayUse(services, userId))
      return void (await answerOutsider(args, services, (u) =>
        background.profiles.ensure([u]),
      ).catch((err: unknown) => logger.error({ err }, "could not answer someone outside the org")));
    // Not waited for long: without Redis, the message is updated through chat.update instead.
    const kept = within(
      keepResponseUrl(args.body, background.responseUrls).catch((err: unknown) =>
        logger.warn({ err }, "could not keep a response_url"),
      ),
      replayCheckMs,
      undefined,
    );
    // The answer to a failure is part of the work: idle() and stop() wait for it too.
    const work = args
      .next()
      .then(async () => {
        if (await answerUnhandled(args, services))
          logger.info(
            { type: (args.body as { type?: string }).type },
            "a delivery no listener knows: answered",
          );
      })
      .catch(async (err: unknown) => {
        // One place for what a listener did not handle: logged, and the person still gets an answer.
        logger.error({ err }, "unhandled error in a Slack listener");
        takenHere.forget(key);
        await background.deliveries.forget(key).catch(() => undefined);
        await answerFailure(args, services).catch((e: unknown) =>
          logger.error({ err: e }, "could not tell the person about an error"),
        );
      });
    const both = Promise.all([work, kept]).then(() => undefined);
    inFlight.add(both);
    try {
      await both;
    } finally {
      inFlight.delete(both);
    }
  });
  // Inside the in-flight set, so shutdown and tests wait for it too.
  app.use(learnLocaleAfterListener(deps.profiles));
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerOptions(app, deps);
  registerEvents(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, "unhandled error in Bolt");
  });
  return {
    app,
    deps,
    start: async () => {
      await (opts.appToken ? app.start() : app.start(opts.port));
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: async (drainMs = 15_000) => {
      await app.stop();
      const deadline = Date.now() + drainMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((r) => setTimeout(r, 100)),
        ]);
      }
    },
  };
}

/**
 * What reaches the receiver failed in Bolt itself, before any listener (the guard answers
 * theirs): a signed payload of the wrong shape, e.g. `"view": null`. A 400, not Bolt's 500.
 */
async function answerMalformed(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (args.error instanceof AuthorizationError || args.response.headersSent)
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  args.logger.warn(`refused a payload Bolt could not process: ${args.error.message}`);
  args.response.writeHead(400).end();
  return true;
}

// p-queue 6 is CommonJS with its class as `exports.default`: Node's own loader hands the module
// (class at .default), Vite's the class itself; TypeScript types it as the module.
const PQueue = ((pQueue as unknown as { default?: unknown }).default ??
  pQueue) as typeof pQueue.default;

/**
 * Decisions made after their ack running at once in one bot process. Two overlap one's wait on
 * PostgreSQL with the other's work; more only take event-loop turns from the next acks without
 * deciding faster (a decision is CPU-bound here: see README "Performance").
 */
const decisionsAtOnce = 2;

/** How long a delivery waits for Redis to say whether it was taken before (a click acks first). */
const replayCheckMs = 100;

/** A click on a message: its response_url can replace that message for 30 minutes (no Web API budget spent). */
async function keepResponseUrl(body: unknown, urls: AfterAck["responseUrls"]): Promise<void> {
  const b = body as {
    type?: string;
    response_url?: string;
    container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  };
  const c = b.container;
  if (
    b.type !== "block_actions" ||
    !b.response_url ||
    c?.type !== "message" ||
    c.is_ephemeral ||
    !c.channel_id ||
    !c.message_ts
  )
    return;
  await urls.remember(c.channel_id, c.message_ts, b.response_url);
}

/** A modal keeps its form and shows the error; a click or command gets an ephemeral message. */
async function answerFailure(args: GuardArgs, services: Services): Promise<void> {
  const body = args.body as Body;
  const userId = body.user?.id ?? body.user_id;
  if (!userId) return; // an event: nobody is waiting for an answer
  const text = t(services.localeOf(userId), "error.failed");
  const firstInput = body.view?.blocks?.find((b) => b.type === "input")?.block_id;
  if (
    body.type === "view_submission" &&
    firstInput &&
    (await ackOnce(args, { response_action: "errors", errors: { [firstInput]: text } }))
  )
    return;
  await ackOnce(args);
  await answer(args, text);
}

function adaptLogger(log: Logger): BoltLogger {
  return {
    debug: (...m: unknown[]) => log.debug(m.map(String).join(" ")),
    info: (...m: unknown[]) => log.info(m.map(String).join(" ")),
    warn: (...m: unknown[]) => log.warn(m.map(String).join(" ")),
    error: (...m: unknown[]) => log.error(m.map(String).join(" ")),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
