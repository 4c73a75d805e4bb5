// The exact request bodies the local Slack sends for clicks and commands, captured instead
// of delivered, so they can be replayed: by the benchmarks' load clients, or again with
// Slack's retry header.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalSlack } from "@approvals/slack-local";

/** Runs each interaction against a capturing endpoint; `botUrl` is where events go afterwards. */
export async function captureBodies(
  slack: LocalSlack,
  botUrl: string,
  interactions: (() => Promise<unknown>)[],
): Promise<string[]> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  slack.setEventsUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  try {
    for (const interact of interactions) await interact();
  } finally {
    slack.setEventsUrl(botUrl);
    await new Promise((r) => server.close(r));
  }
  return bodies;
}
