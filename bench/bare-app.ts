// The floor for ack latency: a Bolt app over HTTP that acks every action and does
// nothing else, in a process of its own like the bot. Tells its parent its URL.
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { freePort } from "../harness/net.ts";

const { SIGNING_SECRET, SLACK_API_URL, SLACK_BOT_TOKEN } = process.env;
const receiver = new HTTPReceiver({
  signingSecret: SIGNING_SECRET!,
  endpoints: "/slack/events",
  processBeforeResponse: false,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: SLACK_API_URL },
});
app.action(/.*/, async ({ ack }) => ack());
const port = await freePort();
await app.start(port);
process.send!({ url: `http://127.0.0.1:${port}/slack/events` });
process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));
