// Builds the Bolt app: HTTP mode (POST /slack/events, GET /healthz) with signature
// verification, or Socket Mode when an app token is given. Web API calls go to
// `apiUrl` when set (the built-in local Slack, or a test stand-in).
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type CustomRoute, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "pino";
import type { Services } from "../src/services.ts";
import { registerActions } from "./actions/index.ts";
import { registerCommands } from "./commands/index.ts";
import type { HandlerDeps } from "./context.ts";
import type { Notices } from "./delivery/notices.ts";
import { learnLocaleAfterListener, type Profiles } from "./delivery/slack-profiles.ts";
import { registerEvents } from "./events/index.ts";
import { registerOptions } from "./options/customer-search.ts";
import { registerViews } from "./views/index.ts";

export interface SlackOptions {
  token: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  /** More pages on the HTTP port (the local workspace page, without Slack credentials). */
  routes?: CustomRoute[];
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
export interface AfterAck {
  changed(requestId: number): Promise<void>;
  notices: Notices;
  profiles: Profiles;
}

export function createSlackApp(services: Services, logger: Logger, opts: SlackOptions, background: AfterAck): SlackApp {
  const boltLogger = adaptLogger(logger.child({ module: "bolt" }));
  const receiver = opts.appToken
    ? new SocketModeReceiver({ appToken: opts.appToken, logger: boltLogger })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret,
        endpoints: "/slack/events",
        logger: boltLogger,
        customRoutes: [{ path: "/healthz", method: ["GET"], handler: (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("ok") }, ...(opts.routes ?? [])],
        // Ack first, work after: the HTTP response leaves as soon as ack() is called.
        processBeforeResponse: false,
      });
  const app = new App({
    token: opts.token,
    receiver,
    logger: boltLogger,
    clientOptions: opts.apiUrl ? { slackApiUrl: opts.apiUrl } : undefined,
  });
  const deps: HandlerDeps = { services, changed: background.changed, notices: background.notices, profiles: background.profiles, logger };
  // Listeners keep working after ack(); shutdown waits for them so no transaction is cut off.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
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
    logger.error({ err: error }, "unhandled error in a Slack listener");
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
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 100))]);
      }
    },
  };
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
