// `npm run org:check`: reads Slack's member list (users.list, in pages) with the bot's token
// and says who in the org file is not found, who is deactivated, and which roles have no
// holder who can be reached. Exit code 1 on any finding. README "People by email".
import { WebClient } from "@slack/web-api";
import { people as slackPeople } from "../handlers/outbound/slack-identities.ts";
import { ConfigError, parseEnv } from "../src/config/env.ts";
import { loadOrgSource } from "../src/directory/load-org.ts";
import { checkOrg, type OrgFinding } from "../src/directory/org-check.ts";

const heads: Record<OrgFinding["type"], string> = {
  not_found: "Not found in Slack (no account with this id or email):",
  deactivated: "Deactivated in Slack (nothing reaches them):",
  other_account: "The email belongs to another Slack account than the id:",
  no_holder: "Roles without a holder who can be reached:",
};

async function main(): Promise<void> {
  if (process.argv.length > 2) {
    console.error("usage: npm run org:check");
    process.exit(2);
  }
  // Only the token is used here: no signing secret is needed to read the member list.
  const env = parseEnv({ SLACK_SIGNING_SECRET: "-", ...process.env });
  if (!env.SLACK_BOT_TOKEN)
    throw new ConfigError(
      "npm run org:check needs SLACK_BOT_TOKEN (with users:read and users:read.email) to read the workspace's members.",
    );
  const source = await loadOrgSource(env.ORG_FILE);
  const client = new WebClient(env.SLACK_BOT_TOKEN, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
  });
  const findings = checkOrg(source, await slackPeople(client));
  for (const type of Object.keys(heads) as OrgFinding["type"][]) {
    const of = findings.filter((f) => f.type === type);
    if (of.length === 0) continue;
    console.log(heads[type]);
    for (const f of of) console.log(`  ${line(f)}`);
  }
  const people = source.people.length;
  console.log(
    findings.length === 0
      ? `${env.ORG_FILE}: all ${people} people found in Slack, every role has a holder`
      : `${env.ORG_FILE}: ${findings.length} finding(s) among ${people} people`,
  );
  if (findings.length > 0) process.exitCode = 1;
}

function line(f: OrgFinding): string {
  switch (f.type) {
    case "no_holder":
      return f.unit ? `${f.role} in ${f.unit}` : f.role;
    case "other_account":
      return `${f.person}: the email is ${f.emailOf}'s`;
    default:
      return f.person;
  }
}

main().catch((e: unknown) => {
  const code = (e as { data?: { error?: string } }).data?.error;
  console.error(
    e instanceof ConfigError
      ? e.message
      : code
        ? `Slack refused users.list: ${code}${code === "missing_scope" ? " (the app needs users:read and users:read.email)" : ""}`
        : e,
  );
  process.exit(1);
});
