// @approvals/slack-local/workspace: a browser page that stands in for Slack's client, on top of
// a running local Slack (see README "The workspace page").

export { type ManifestInfo, readManifest, type SlashCommandInfo } from "./manifest.ts";
export { type Locale, locales } from "./messages.ts";
export type { WorkspacePerson } from "./people.ts";
export { createWorkspace, type Route, type Workspace, type WorkspaceOptions } from "./workspace.ts";
