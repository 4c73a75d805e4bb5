// An ephemeral answer to a button click. A click in a message carries a response_url; a
// click in a view (the App Home) has none, so the answer goes to the person's DM with
// the app as an ephemeral message instead.
import type { BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";

export interface ClickContext {
  body: BlockAction;
  respond?: RespondFn;
  client: WebClient;
}

export async function replyToClick(
  { body, respond, client }: ClickContext,
  text: string,
): Promise<void> {
  if (body.response_url && respond) {
    await respond({ response_type: "ephemeral", replace_original: false, text });
    return;
  }
  const dm = await client.conversations.open({ users: body.user.id });
  await client.chat.postEphemeral({ channel: dm.channel!.id!, user: body.user.id, text });
}
