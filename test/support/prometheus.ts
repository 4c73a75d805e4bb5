// Reads Prometheus text strictly, as a scraper would.
import { expect } from "vitest";

/** Every sample line as `name{labels}` → value; fails on a line Prometheus would not parse (Go parses nan and inf in any case). */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        expect(meta[3]).toMatch(/^(counter|gauge|histogram|summary|untyped)$/);
        typed.add(meta[2]!);
      }
      continue;
    }
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$/.exec(
        line,
      );
    expect(m, `not a Prometheus sample line: ${line}`).not.toBeNull();
    const family = m![1]!.replace(/_(bucket|sum|count|total)$/, "");
    expect(
      typed.has(m![1]!) || typed.has(family) || typed.has(`${family}_total`),
      `no # TYPE before ${line}`,
    ).toBe(true);
    expect(/^([+-]inf|nan)$/i.test(m![3]!) || !Number.isNaN(Number(m![3])), line).toBe(true);
    out.set(`${m![1]}${m![2] ?? ""}`, Number(m![3]));
  }
  return out;
}
