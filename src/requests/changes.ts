// "A request changed": the one signal that brings its Slack messages, App Homes and timers
// up to date. The engine raises it after every committed change, so no caller has to
// remember to; the background side (jobs/outbound.ts) listens and queues one sync.
export type ChangeListener = (requestId: number) => Promise<void>;

export class RequestChanges {
  private readonly listeners: ChangeListener[] = [];

  listen(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Never fails the change itself: it is committed already, and a periodic check re-queues lost syncs. */
  async changed(requestId: number): Promise<void> {
    for (const listener of this.listeners) await listener(requestId).catch(() => undefined);
  }
}
