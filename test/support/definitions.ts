// Building blocks of test-only process definitions, in the shape of the shipped YAML.

/** A name that is the same in both languages. */
export const sameName = (s: string) => ({ zh: s, en: s });

/** An optional free-text field "note". */
export const noteField = { key: "note", type: "text", required: false, label: sameName("note") };

/** Step builders, each step named after its key through `name`. */
export function stepBuilders(name: (s: string) => { zh: string; en: string } = sameName) {
  return {
    approval: (key: string, who: object, extra: object = {}) => ({
      key,
      kind: "approval",
      who,
      name: name(key),
      ...extra,
    }),
    task: (key: string, who: object) => ({ key, kind: "task", who, name: name(key) }),
  };
}
