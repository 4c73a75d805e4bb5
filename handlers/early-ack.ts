// A click's, shortcut's or closed modal's ack carries nothing, so the guard sends it before it
// asks Redis whether the delivery was taken before: Slack's 3 s never wait on Redis for them.
// Bolt throws on a second ack, so each delivery's ack is wrapped once here: the early ack
// answers Slack, and the listener's own ack() afterwards still counts as the listener's
// (it answers nothing more), which is how the guard tells a handled delivery from an unknown one.
import type { App, ReceiverEvent } from "@slack/bolt";

interface AckState {
  sent: boolean;
  byListener: boolean;
  send: ReceiverEvent["ack"];
}

const states = new WeakMap<object, AckState>();

/** Payload types whose ack carries nothing (views, options and commands answer in theirs). */
const empty = new Set(["block_actions", "shortcut", "message_action", "view_closed"]);

/** Wraps the app's processEvent once, before it starts, so every delivery's ack can be sent early. */
export function allowEarlyAcks(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const state: AckState = { sent: false, byListener: false, send: event.ack };
    if (typeof event.body === "object" && event.body !== null) states.set(event.body, state);
    const ack: ReceiverEvent["ack"] = async (response) => {
      if (state.byListener) throw new Error("ack() called twice for one delivery");
      state.byListener = true;
      if (state.sent) return;
      state.sent = true;
      await state.send(response);
    };
    return processEvent({ ...event, ack });
  };
}

/** Sends the (empty) ack now when the delivery's type allows it; the listener's ack is then a no-op. */
export async function ackEarly(body: unknown): Promise<void> {
  const state = states.get(body as object);
  if (!state || state.sent || !empty.has((body as { type?: string }).type ?? "")) return;
  state.sent = true;
  await state.send();
}
