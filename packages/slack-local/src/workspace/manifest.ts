// What the page takes from the Slack app manifest, as Slack's own client does: the app's
// name, and the slash commands it offers (only those can be typed, as in Slack).
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import type { FunctionSpec } from "../functions.ts";

const manifestSchema = z.object({
  display_information: z.object({ name: z.string() }),
  features: z.object({
    slash_commands: z
      .array(
        z.object({
          command: z.string().startsWith("/"),
          description: z.string().default(""),
          usage_hint: z.string().optional(),
        }),
      )
      .default([]),
  }),
  functions: z
    .record(
      z.string(),
      z.object({
        title: z.string().optional(),
        input_parameters: z
          .object({
            properties: z.record(z.string(), z.object({ type: z.string() })),
            required: z.array(z.string()).optional(),
          })
          .optional(),
        output_parameters: z
          .object({
            properties: z.record(z.string(), z.object({ type: z.string() })),
            required: z.array(z.string()).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  oauth_config: z
    .object({ scopes: z.object({ bot: z.array(z.string()).default([]) }).optional() })
    .optional(),
});

export interface SlashCommandInfo {
  command: string;
  description: string;
  usageHint?: string;
}

export interface ManifestInfo {
  appName: string;
  commands: SlashCommandInfo[];
  /** The bot token's scopes: the local Slack grants these and no others, as an install would. */
  botScopes?: string[];
  /** The app's Workflow Builder steps (custom functions), by callback id. */
  functions?: Record<string, FunctionSpec>;
}

export async function readManifest(file: string): Promise<ManifestInfo> {
  const parsed = manifestSchema.safeParse(parse(await readFile(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${file}: not a Slack app manifest (${parsed.error.issues[0]?.message ?? "invalid"})`,
    );
  const { display_information, features, oauth_config, functions } = parsed.data;
  return {
    functions,
    appName: display_information.name,
    botScopes: oauth_config?.scopes?.bot,
    commands: features.slash_commands.map((c) => ({
      command: c.command,
      description: c.description,
      usageHint: c.usage_hint,
    })),
  };
}
