import { EventEmitter } from "node:events";
import { FileStore } from "./file-store.ts";
import { normalizeBlocks, randomHex, TsClock, triggerId } from "./ids.ts";
import type {
  FileRef,
  LocalIdentity,
  LocalSlackEvents,
  LocalUser,
  RecordedCall,
  Refusal,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  StoredView,
} from "./types.ts";
import { ViewStore } from "./view-store.ts";

export interface MessageInput {
  channel: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  thread_ts?: string;
  user?: string;
  source?: StoredMessage["source"];
  files?: FileRef[];
}

/** One files.completeUploadExternal call, already validated. */
export interface FileShare {
  files: { id: string; title?: string }[];
  channel?: string;
  initialComment?: string;
  blocks?: unknown;
  thread_ts?: string;
}

/** What a response_url remembers about the interaction that issued it. */
export interface ResponseContext {
  user: string;
  channel: string;
  /** The message the interaction happened on, if any (for replace/delete_original). */
  messageTs?: string;
  isEphemeral?: boolean;
  uses: number;
  /** When the interaction happened (the store's clock); the URL expires 30 minutes later. */
  issuedAt: number;
}

/** Slack: a trigger_id "expires in 3 seconds" and works once. */
export const TRIGGER_TTL_MS = 3000;

/**
 * In-memory workspace state, free of HTTP concerns so that the Web API, the
 * interaction client, tests and a future browser page all share one model.
 * Every mutation is announced on `events`.
 */
export class LocalSlackStore {
  readonly events = new EventEmitter<LocalSlackEvents>();
  readonly calls: RecordedCall[] = [];
  readonly views: ViewStore;
  readonly uploads = new FileStore();
  readonly hasUserList: boolean;
  private readonly users = new Map<string, LocalUser>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly ephemerals: StoredEphemeral[] = [];
  private readonly triggers = new Map<string, { user: string; issuedAt: number; used: boolean }>();
  private readonly responseUrls = new Map<string, ResponseContext>();
  private readonly tsClock = new TsClock();
  /** Answers Slack refused to apply (a bad response_action view, a bad response_url post). */
  readonly refusals: Refusal[] = [];

  constructor(
    readonly identity: LocalIdentity,
    users: LocalUser[] | undefined,
    private readonly triggerTtlMs = TRIGGER_TTL_MS,
    /** Milliseconds since the epoch; tests pass a fake one to step past expiries and refills. */
    readonly now: () => number = Date.now,
  ) {
    if (triggerTtlMs > TRIGGER_TTL_MS)
      throw new Error(
        `triggerTtlMs ${triggerTtlMs} is longer than Slack's ${TRIGGER_TTL_MS} ms: a slow app would pass here and fail in Slack`,
      );
    // Tests' waitFor() calls and UI subscribers may legitimately stack up.
    this.events.setMaxListeners(0);
    // Without a user list every user id is accepted (handy for ad-hoc runs).
    this.hasUserList = users !== undefined;
    for (const u of users ?? []) this.users.set(u.id, u);
    this.views = new ViewStore(identity, (action, view) => {
      this.events.emit("view", { action, view });
      if (view.type === "home") this.events.emit("home", view);
    });
  }

  // ---- users
  addUser(user: LocalUser): void {
    this.users.set(user.id, user);
  }
  user(id: string): LocalUser | undefined {
    return this.users.get(id);
  }
  allUsers(): LocalUser[] {
    return [...this.users.values()];
  }
  isKnownUser(id: string): boolean {
    return !this.hasUserList || this.users.has(id);
  }
  /** A deactivated person is still listed (users.info answers `deleted: true`), but cannot be posted to. */
  isDeactivated(id: string): boolean {
    return this.users.get(id)?.deleted === true;
  }
  deactivateUser(id: string): void {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    user.deleted = true;
  }

  /** Records an answer Slack refused to apply, so a test can see what the person saw fail. */
  recordRefusal(refusal: Omit<Refusal, "at">): void {
    const entry = { ...refusal, at: this.now() };
    this.refusals.push(entry);
    this.events.emit("refusal", entry);
  }

  // ---- calls
  recordCall(call: RecordedCall): void {
    this.calls.push(call);
    this.events.emit("call", call);
  }

  // ---- messages
  postMessage(input: MessageInput): StoredMessage {
    const blocks = normalizeBlocks(input.blocks);
    const attachments = Array.isArray(input.attachments) ? input.attachments : undefined;
    const text = input.text ?? "";
    const msg: StoredMessage = {
      channel: input.channel,
      ts: this.tsClock.next(),
      text,
      blocks,
      attachments,
      metadata: input.metadata,
      thread_ts: input.thread_ts,
      user: input.user ?? this.identity.botUserId,
      bot_id: input.user ? undefined : this.identity.botId,
      deleted: false,
      versions: [{ text, blocks, attachments, at: Date.now() }],
      source: input.source ?? "api",
      ...(input.files ? { files: input.files } : {}),
    };
    const list = this.messages.get(msg.channel) ?? [];
    list.push(msg);
    this.messages.set(msg.channel, list);
    this.events.emit("message", msg);
    return msg;
  }

  /** chat.update semantics: omitted fields keep their previous value. */
  updateMessage(
    channel: string,
    ts: string,
    patch: { text?: string; blocks?: unknown; attachments?: unknown },
  ): StoredMessage | undefined {
    const msg = this.message(channel, ts);
    if (!msg) return undefined;
    if (patch.text !== undefined) msg.text = patch.text;
    if (patch.blocks !== undefined) msg.blocks = normalizeBlocks(patch.blocks);
    if (Array.isArray(patch.attachments)) msg.attachments = patch.attachments;
    msg.versions.push({
      text: msg.text,
      blocks: msg.blocks,
      attachments: msg.attachments,
      at: Date.now(),
    });
    this.events.emit("message_changed", msg);
    return msg;
  }

  deleteMessage(channel: string, ts: string): StoredMessage | undefined {
    const msg = this.message(channel, ts);
    if (!msg) return undefined;
    msg.deleted = true;
    this.events.emit("message_deleted", msg);
    return msg;
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  /** Live messages of a channel, oldest first, each at its latest version. */
  messagesFor(channel: string): StoredMessage[] {
    return (this.messages.get(channel) ?? []).filter((m) => !m.deleted);
  }

  channels(): string[] {
    return [...this.messages.keys()];
  }
  dmOf(userId: string): StoredMessage[] {
    return this.messagesFor(dmChannelOf(userId));
  }
  lastMessageTo(userId: string): StoredMessage | undefined {
    return this.dmOf(userId).at(-1);
  }

  // ---- files (files.getUploadURLExternal → upload URL → files.completeUploadExternal)
  /** An uploaded file by id (bytes stored; completed or not). */
  file(id: string): StoredFile | undefined {
    return this.uploads.get(id);
  }
  /** Completed files shared to a channel ("D" + user id for a DM), oldest first. */
  filesIn(channel: string): StoredFile[] {
    return this.uploads.inChannel(channel);
  }

  /**
   * Completes uploads: sets titles, and with a channel posts one message that
   * carries all the files with the initial comment as its text.
   * Every id must belong to an uploaded file (checked by the caller).
   */
  completeUpload(share: FileShare): StoredFile[] {
    const files = share.files.map(({ id, title }) => {
      const file = this.uploads.get(id);
      if (!file) throw new Error(`file ${id} was not uploaded`);
      if (title) file.title = title;
      file.completed = true;
      if (share.channel) file.channel = share.channel;
      return file;
    });
    if (share.channel) {
      const msg = this.postMessage({
        channel: share.channel,
        text: share.initialComment,
        blocks: share.blocks,
        thread_ts: share.thread_ts,
        files: files.map((f) => ({ id: f.id, name: f.name, title: f.title })),
      });
      for (const file of files) file.messageTs = msg.ts;
    }
    for (const file of files) this.events.emit("file", file);
    return files;
  }

  // ---- ephemerals
  addEphemeral(input: {
    channel: string;
    user: string;
    text?: string;
    blocks?: unknown;
    thread_ts?: string;
    source?: StoredEphemeral["source"];
  }): StoredEphemeral {
    const eph: StoredEphemeral = {
      channel: input.channel,
      user: input.user,
      ts: this.tsClock.next(),
      text: input.text ?? "",
      blocks: normalizeBlocks(input.blocks),
      thread_ts: input.thread_ts,
      deleted: false,
      source: input.source ?? "api",
    };
    this.ephemerals.push(eph);
    this.events.emit("ephemeral", eph);
    return eph;
  }

  /** Used by response_url replace_original/delete_original on an ephemeral message. */
  updateEphemeral(
    ts: string,
    patch: { text?: string; blocks?: unknown; deleted?: boolean },
  ): StoredEphemeral | undefined {
    const eph = this.ephemeral(ts);
    if (!eph) return undefined;
    if (patch.text !== undefined) eph.text = patch.text;
    if (patch.blocks !== undefined) eph.blocks = normalizeBlocks(patch.blocks);
    if (patch.deleted) eph.deleted = true;
    this.events.emit("ephemeral_changed", eph);
    return eph;
  }

  ephemeral(ts: string): StoredEphemeral | undefined {
    return this.ephemerals.find((e) => e.ts === ts && !e.deleted);
  }

  ephemeralsFor(userId: string): StoredEphemeral[] {
    return this.ephemerals.filter((e) => e.user === userId && !e.deleted);
  }

  // ---- views (delegated; see view-store.ts)
  view(id: string): StoredView | undefined {
    return this.views.get(id);
  }
  openViewsOf(userId: string): StoredView[] {
    return this.views.openViewsOf(userId);
  }
  home(userId: string): StoredView | undefined {
    return this.views.home(userId);
  }

  // ---- triggers: one use each, short-lived, tied to the user who acted
  issueTrigger(user: string): string {
    const id = triggerId();
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  consumeTrigger(id: unknown): { user: string } | { error: string } {
    const t = typeof id === "string" ? this.triggers.get(id) : undefined;
    if (!t) return { error: "invalid_trigger_id" };
    if (t.used) return { error: "exchanged_trigger_id" };
    if (this.now() - t.issuedAt > this.triggerTtlMs) return { error: "expired_trigger_id" };
    t.used = true;
    return { user: t.user };
  }

  // ---- response URLs
  issueResponseUrl(ctx: Omit<ResponseContext, "uses" | "issuedAt">): string {
    const id = randomHex(12);
    this.responseUrls.set(id, { ...ctx, uses: 0, issuedAt: this.now() });
    return id;
  }

  responseContext(id: string): ResponseContext | undefined {
    return this.responseUrls.get(id);
  }
}

/** A user's DM channel id in this stand-in: "D" + user id (U123 → DU123). */
export function dmChannelOf(userId: string): string {
  return `D${userId}`;
}

/** The user whose DM with the app a channel is ("DU123" → "U123"); undefined for other channels. */
export function dmUserOf(channel: string): string | undefined {
  return /^D[UW]/.test(channel) ? channel.slice(1) : undefined;
}
