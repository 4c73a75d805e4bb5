// Reads a YAML file and validates it; errors name the file, the path and the problem.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import type { z } from "zod";
import { ConfigError } from "./env.ts";

export async function loadYaml<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new ConfigError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: invalid YAML: ${(e as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  - ${file}: ${formatPath(i.path)}: ${i.message}`,
    );
    throw new ConfigError(`Invalid configuration file:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function formatPath(path: PropertyKey[]): string {
  return path.length === 0
    ? "(root)"
    : path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
        .join("")
        .replace(/^\./, "");
}
