// @approvals/slack-local/workspace: a browser page that stands in for Slack's client, on top of
// a running local Slack (see README "The workspace page").
export { createWorkspace, type Route, type Workspace, type WorkspaceOptions } from "./workspace.ts";
export { readManifest, type ManifestInfo, type SlashCommandInfo } from "./manifest.ts";
export { locales, type Locale } from "./messages.ts";
export type { WorkspacePerson } from "./people.ts";
