import type { App } from "@slack/bolt";
import { umbrellaCommand } from "../blocks/command-text.ts";
import type { HandlerDeps } from "../context.ts";
import { approvalCommand } from "./approval.ts";
import { processShortcut } from "./process-shortcut.ts";

/** Every command the bot answers (the manifest test checks them against slack/manifest.yaml). */
export function commandNames(deps: HandlerDeps): string[] {
  return [
    umbrellaCommand,
    ...deps.services.catalog.list().flatMap((p) => (p.def.command ? [p.def.command] : [])),
  ];
}

export function registerCommands(app: App, deps: HandlerDeps): void {
  app.command(umbrellaCommand, approvalCommand(deps));
  for (const p of deps.services.catalog.list()) {
    if (p.def.command) app.command(p.def.command, processShortcut(deps, p.def.key));
  }
}
