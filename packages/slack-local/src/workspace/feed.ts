// Live updates for the workspace page: every change in the local Slack's store is pushed
// to open pages as a server-sent event naming the people it concerns, and new DMs are
// counted as unread until that person's messages are looked at.
import type { ServerResponse } from "node:http";
import { dmUserOf, type LocalSlackStore } from "../store.ts";
import type { LocalSlackEvents } from "../types.ts";

/** Proxies and browsers drop a silent stream; a comment line now and then keeps it open. */
const HEARTBEAT_MS = 25_000;

export class WorkspaceFeed {
  private readonly streams = new Set<ServerResponse>();
  private readonly unreadCounts = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(store: LocalSlackStore) {
    const on = <K extends keyof LocalSlackEvents>(
      event: K,
      users: (...args: LocalSlackEvents[K]) => (string | undefined)[],
    ) => {
      const listener = (...args: LocalSlackEvents[K]) =>
        this.changed(users(...args), event === "message");
      store.events.on(event, listener as never);
      return () => store.events.off(event, listener as never);
    };
    const offs = [
      on("message", (m) => [dmUserOf(m.channel)]),
      on("message_changed", (m) => [dmUserOf(m.channel)]),
      on("message_deleted", (m) => [dmUserOf(m.channel)]),
      on("ephemeral", (e) => [e.user]),
      on("ephemeral_changed", (e) => [e.user]),
      // "home" is also announced as a "view" event, so it needs no listener of its own.
      on("view", ({ view }) => [view.user]),
    ];
    this.unsubscribe = () => {
      for (const off of offs) off();
    };
    this.heartbeat = setInterval(() => this.write(": keep-alive\n\n"), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** GET /workspace/events: an event-stream that stays open until the page goes away. */
  subscribe(res: ServerResponse): void {
    // A page reconnecting while the bot shuts down (on a kept-alive socket) would hold the server open.
    if (this.closed) return void res.destroy();
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    res.write("retry: 1000\n\n");
    this.streams.add(res);
    res.on("close", () => this.streams.delete(res));
  }

  unread(userId: string): number {
    return this.unreadCounts.get(userId) ?? 0;
  }

  /** Everyone's unread count, for the people list. */
  allUnread(): Record<string, number> {
    return Object.fromEntries([...this.unreadCounts].filter(([, n]) => n > 0));
  }

  markSeen(userId: string): void {
    this.unreadCounts.delete(userId);
  }

  /**
   * Drops every stream, so the HTTP server can close (an open event-stream would hold it).
   * The connections are cut rather than ended: a page then retries as after a network error,
   * and no kept-alive socket is left for its retry to arrive on.
   */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  private changed(users: (string | undefined)[], isNewMessage: boolean): void {
    const ids = users.filter((u): u is string => u !== undefined);
    if (ids.length === 0) return;
    if (isNewMessage) for (const id of ids) this.unreadCounts.set(id, this.unread(id) + 1);
    this.write(`event: change\ndata: ${JSON.stringify({ users: ids })}\n\n`);
  }

  private write(chunk: string): void {
    for (const res of this.streams) res.write(chunk);
  }
}
