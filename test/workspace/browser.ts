// Headless Chromium for the workspace page tests: the local Slack package's own launcher
// (Debian's chromium driven by playwright-core; skipped outside CI when it is missing).
export * from "@approvals/slack-local/testing";
