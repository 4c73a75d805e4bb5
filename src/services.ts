// The domain as the Slack glue and the jobs see it: one object built at start-up (by
// main/compose.ts) and passed down, declared by purpose so a consumer can name only the part
// it uses (`Pick<Services, "engine" | "clock">`, or one group).

import type { WorkCalendar } from "./calendar/work-calendar.ts";
import { type Settings, settingsSchema, toWorkCalendar } from "./config/settings.ts";
import type { Db } from "./db/open-database.ts";
import type { ProcessCatalog } from "./definitions/catalog.ts";
import { revokeDelegation, setDelegation } from "./delegation/delegations.ts";
import { DigestBuilder } from "./digest/build-digests.ts";
import { DigestStore } from "./digest/digest-store.ts";
import type { Directory } from "./directory/directory.ts";
import { ApprovalEngine, type EngineDeps } from "./engine/engine.ts";
import { exportDecisions } from "./export/export-decisions.ts";
import type { Locale } from "./i18n/locale.ts";
import { MessageStore } from "./messages/message-store.ts";
import { SyncState } from "./messages/sync-state.ts";
import { resolveLocale, SlackLocales } from "./people/slack-locale.ts";
import { ReminderService } from "./reminders/reminder-service.ts";
import { RequestChanges } from "./requests/changes.ts";
import {
  listMine,
  listWaiting,
  type MineFilter,
  peopleOfRequest,
} from "./requests/list-requests.ts";
import { loadRequestView } from "./requests/load-request-view.ts";
import { searchCustomers } from "./requests/search-customers.ts";
import { stepOfAssignment } from "./requests/step-of-assignment.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "./tokens/api-tokens.ts";
import { WebhookService } from "./webhooks/webhook-service.ts";
import { WorkflowRuns } from "./workflow/workflow-runs.ts";

/** What changes state: the engine, and the records kept around it. */
export interface Commands {
  engine: ApprovalEngine;
  setDelegation(
    userId: string,
    delegateId: string,
    until: string,
  ): ReturnType<typeof setDelegation>;
  revokeDelegation(userId: string): ReturnType<typeof revokeDelegation>;
  /** The outbox of Slack messages, and how far each request's and Home's messages got. */
  messages: MessageStore;
  syncState: SyncState;
  /** Raised after every committed change of a request; the background side listens. */
  changes: RequestChanges;
  reminders: ReminderService;
  webhooks: WebhookService;
  /** Workflow Builder step runs, reported to Slack when their request ends. */
  workflowRuns: WorkflowRuns;
  digests: DigestStore;
  /** Tokens of the REST API (`/approval admin token`, `npm run api:token`). */
  apiTokens: {
    create(name: string, scopes: string[], createdBy: string): ReturnType<typeof createApiToken>;
    revoke(name: string): ReturnType<typeof revokeApiToken>;
    list(): ReturnType<typeof listApiTokens>;
  };
}

/** What reads: requests as shown, lists, exports, digests, customer search. */
export interface Queries {
  loadRequest(id: number): ReturnType<typeof loadRequestView>;
  listWaiting(userId: string, take: number): ReturnType<typeof listWaiting>;
  listMine(userId: string, filter: MineFilter, take: number): ReturnType<typeof listMine>;
  peopleOfRequest(requestId: number): ReturnType<typeof peopleOfRequest>;
  stepOfAssignment(assignmentId: number): ReturnType<typeof stepOfAssignment>;
  searchCustomers(
    query: string,
    kind: "customer" | "distributor" | "any",
  ): ReturnType<typeof searchCustomers>;
  exportDecisions(input: Parameters<typeof exportDecisions>[3]): ReturnType<typeof exportDecisions>;
  digestBuilder: DigestBuilder;
}

/** Who people are and how they read: the org, their language and time zone. */
export interface People {
  directory: Directory;
  /** Org file, else Slack's own setting for the person (src/people/slack-locale.ts), else the company default. */
  localeOf(userId: string): Locale;
  timeZoneOf(userId: string): string;
  slackLocales: SlackLocales;
}

/** The company's configuration: processes, settings, the work calendar, the clock. */
export interface Config {
  catalog: ProcessCatalog;
  settings: Settings;
  calendar: WorkCalendar;
  clock: () => Date;
}

export type Services = Commands & Queries & People & Config;

export interface ServiceDeps
  extends Pick<EngineDeps, "directory" | "catalog" | "clock" | "observer"> {
  db: Db;
  /** The decisions' own pool (Database.decisions); the engine's transactions use it. */
  decisionsDb?: Db;
  /** Work calendar and reminder policy; the schema's defaults when absent. */
  settings?: Settings;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, directory, catalog } = deps;
  const clock = deps.clock ?? (() => new Date());
  const settings = deps.settings ?? settingsSchema.parse({});
  const calendar = toWorkCalendar(settings);
  const slackLocales = new SlackLocales(db, clock);
  const changes = new RequestChanges();
  const engine = new ApprovalEngine({
    directory,
    catalog,
    clock,
    db: deps.decisionsDb ?? db,
    changes,
    observer: deps.observer,
    controls: settings.controls,
  });
  return {
    engine,
    setDelegation: (userId, delegateId, until) =>
      setDelegation(db, directory, { userId, delegateId, until, now: clock() }),
    revokeDelegation: (userId) => revokeDelegation(db, userId, clock()),
    messages: new MessageStore(db),
    syncState: new SyncState(db),
    changes,
    reminders: new ReminderService(db, catalog, directory, settings, calendar, clock),
    webhooks: new WebhookService(db, catalog, changes),
    workflowRuns: new WorkflowRuns(db),
    digests: new DigestStore(db, directory, settings.digest.time),
    apiTokens: {
      create: (name, scopes, createdBy) =>
        createApiToken(db, { name, scopes, createdBy, now: clock() }),
      revoke: (name) => revokeApiToken(db, name, clock()),
      list: () => listApiTokens(db),
    },

    loadRequest: (id) => loadRequestView(db, catalog, directory, id, settings.controls),
    listWaiting: (userId, take) => listWaiting(db, catalog, userId, take),
    listMine: (userId, filter, take) => listMine(db, catalog, userId, filter, take),
    peopleOfRequest: (requestId) => peopleOfRequest(db, requestId),
    stepOfAssignment: (assignmentId) => stepOfAssignment(db, catalog, assignmentId),
    searchCustomers: (query, kind) => searchCustomers(db, query, kind),
    exportDecisions: (input) => exportDecisions(db, catalog, directory, input),
    digestBuilder: new DigestBuilder(db, catalog, directory, settings, calendar),

    directory,
    localeOf: (userId) =>
      resolveLocale(
        directory.orgLocale(userId),
        slackLocales.slackLocale(userId),
        directory.defaultLocale,
      ),
    timeZoneOf: (userId) => directory.timeZone(userId),
    slackLocales,

    catalog,
    settings,
    calendar,
    clock,
  };
}
