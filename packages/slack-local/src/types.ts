// Shared shapes for the local Slack stand-in. Field names follow Slack's wire
// format (snake_case) where the object is handed to the bot or a client as-is.

/** Loosely typed Block Kit block / element: we store what the bot sent verbatim. */
export interface Block {
  type: string;
  block_id?: string;
  [key: string]: unknown;
}

export interface LocalUser {
  id: string;
  name: string;
  realName?: string;
  tz?: string;
  locale?: string;
  email?: string;
  /** Deactivated: still listed (users.info / users.list answer `deleted: true`), never posted to. */
  deleted?: boolean;
}

/** The fixed identity of the local workspace, bot and app. */
export interface LocalIdentity {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botUserName: string;
  botId: string;
  appId: string;
  /** Legacy verification token, still sent in payloads by Slack. */
  verificationToken: string;
}

export interface MessageVersion {
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  user: string;
  bot_id?: string;
  deleted: boolean;
  /** Every version, oldest first; the last one equals the current fields. */
  versions: MessageVersion[];
  /** How it got here: a Web API call, a POST to a response_url, or a slash command's HTTP answer. */
  source: "api" | "response_url" | "ack";
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: FileRef[];
}

/** How a message refers to a shared file. */
export interface FileRef {
  id: string;
  name: string;
  title: string;
}

/** A file whose bytes reached the upload URL handed out by files.getUploadURLExternal. */
export interface StoredFile {
  id: string;
  /** The `filename` given to files.getUploadURLExternal. */
  name: string;
  /** From files.completeUploadExternal; the name until then. */
  title: string;
  bytes: Buffer;
  /** The `length` declared to files.getUploadURLExternal. */
  declaredLength: number;
  mimetype: string;
  /** The channel it was shared to (a DM is "D" + user id), if any. */
  channel?: string;
  /** ts of the message that shared it. */
  messageTs?: string;
  /** Set by files.completeUploadExternal; until then the file is invisible to Slack clients. */
  completed: boolean;
  uploadedAt: number;
}

export interface StoredEphemeral {
  channel: string;
  /** The user who can see it. */
  user: string;
  ts: string;
  text: string;
  blocks?: Block[];
  thread_ts?: string;
  deleted: boolean;
  source: "api" | "response_url" | "ack";
}

/** A view as Slack returns it from views.* and puts it in payloads. */
export interface SlackView {
  id: string;
  team_id: string;
  type: "modal" | "home";
  callback_id: string;
  private_metadata: string;
  external_id: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: Block[];
  state: { values: StateValues };
  hash: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  app_id: string;
  bot_id: string;
  app_installed_team_id: string;
}

/** A stored view adds who sees it and whether it is still on screen. */
export interface StoredView extends SlackView {
  user: string;
  open: boolean;
  /** Field errors from the last `response_action: "errors"` answer. */
  errors?: Record<string, string>;
}

/** Slack's `view.state.values`: block_id → action_id → typed value. */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface RecordedCall {
  method: string;
  /** Parsed arguments without the token. */
  args: Record<string, unknown>;
  response: Record<string, unknown>;
  status: number;
  at: number;
}

/**
 * An injected failure (failNext / failWhile): a 429 with Retry-After, an HTTP 5xx, an
 * `ok: false` with a Slack error name (e.g. internal_error), or a hang: the answer is held
 * `hangMs`, then the call goes through as a slow Slack's would (for client timeouts).
 */
export type Failure =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  | { hangMs: number };

/** An answer of the app that Slack did not apply; Slack shows the person an error instead. */
export interface Refusal {
  /** Where the answer came: a view_submission's response_action, or a post to a response_url. */
  source: "view_submission" | "response_url";
  error: string;
  /** Slack's response_metadata.messages: what was wrong, with JSON pointers. */
  messages: string[];
  /** The refused view's callback_id, or the response_url's user. */
  about?: string;
  at: number;
}

export type ViewAction = "opened" | "pushed" | "updated" | "closed" | "published";

/** Everything the store emits; a browser page can subscribe to the same stream. */
export interface LocalSlackEvents {
  call: [RecordedCall];
  message: [StoredMessage];
  message_changed: [StoredMessage];
  message_deleted: [StoredMessage];
  ephemeral: [StoredEphemeral];
  ephemeral_changed: [StoredEphemeral];
  view: [{ action: ViewAction; view: StoredView }];
  home: [StoredView];
  /** A file finished uploading (files.completeUploadExternal). */
  file: [StoredFile];
  /** Slack refused to apply an answer (store.refusals). */
  refusal: [Refusal];
}
