// The bot token's scopes, as Slack checks them: a method whose scope the app was not granted
// answers missing_scope (with `needed` and `provided`), and users.info / users.list /
// users.lookupByEmail give a member's email only with users:read.email, as Slack does.

/** The scope each method needs (bot tokens); methods absent here need none. */
export const requiredScope: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.delete": "chat:write",
  "conversations.open": "im:write",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  "users.info": "users:read",
  "users.list": "users:read",
  "users.lookupByEmail": "users:read.email",
};

export class Scopes {
  /** `granted` undefined: every scope (a local Slack without a manifest). */
  constructor(private readonly granted?: ReadonlySet<string>) {}

  has(scope: string): boolean {
    return !this.granted || this.granted.has(scope);
  }

  /** The missing_scope answer for `method`, or undefined when it may be called. */
  refusal(method: string): Record<string, unknown> | undefined {
    const needed = requiredScope[method];
    if (!needed || this.has(needed)) return undefined;
    return {
      ok: false,
      error: "missing_scope",
      needed,
      provided: [...(this.granted ?? [])].join(","),
    };
  }
}
