// `/approval path <process> field=value …`: the path a request would take with these values,
// without filing one (e.g. `/approval path return amount=80000 type=exchange`). The same
// preview as the request modal's, as an ephemeral message. Pure and quick, so the ack carries it.
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { FieldDef } from "../../src/definitions/schema.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import { type Locale, pick, t } from "../../src/i18n/index.ts";
import { previewPath, readPathInputs } from "../../src/requests/preview-path.ts";
import { fieldNamed, typedValue } from "../../src/requests/typed-values.ts";
import { commandText } from "../blocks/command-text.ts";
import { fitMessage } from "../blocks/fit-message.ts";
import { formatValue } from "../blocks/format.ts";
import { bold, code, escapeMrkdwn } from "../blocks/mrkdwn.ts";
import { buildPathPreview } from "../blocks/path-preview.ts";
import { processList } from "../context.ts";
import { errorText, fieldErrorText } from "../errors.ts";
import type { Subcommand } from "./subcommand.ts";

export const pathCommand: Subcommand = async (deps, { command, ack, args, locale }) => {
  const { catalog, directory: dir } = deps.services;
  const say = (text: string) => ack({ response_type: "ephemeral", text });
  const [key, ...rest] = args;
  if (!key)
    return void (await say(
      t(locale, "command.usage.path", {
        command: commandText(
          "path",
          t(locale, "command.arg.process"),
          t(locale, "command.arg.pairs"),
        ),
        example: commandText("path return amount=80000 type=exchange"),
        list: processList(deps, locale),
      }),
    ));
  const process = catalog.get(key);
  if (!process)
    return void (await say(
      errorText({ type: "unknown_process", key }, locale, dir, {
        processList: processList(deps, locale),
      }),
    ));
  if (!dir.person(command.user_id)) return void (await say(t(locale, "error.not_in_org")));
  const read = readPairs(process, rest.join(" "), locale);
  if ("error" in read) return void (await say(read.error));
  const preview = previewPath(process, read.raw, command.user_id, dir, {
    controls: deps.services.settings.controls,
  });
  // A value given but not valid is refused outright: a preview of something else would mislead.
  for (const field of read.given) {
    const m = preview.missing.get(field.key);
    if (m?.type === "invalid") {
      const error = fieldErrorText(m.error, locale);
      return void (await say(
        t(locale, "command.path.bad_value", {
          field: pick(locale, field.label),
          value: escapeMrkdwn(String(read.raw[field.key])),
          error,
        }),
      ));
    }
  }
  const parsed = readPathInputs(process.def, read.raw, command.user_id, dir).values;
  const values = read.given.map((f) =>
    t(locale, "command.path.value", {
      field: escapeMrkdwn(pick(locale, f.label)),
      value: formatValue(f, parsed[f.key], locale, new Map()),
    }),
  );
  const title = t(locale, "command.path.title", {
    process: bold(escapeMrkdwn(pick(locale, process.def.name))),
  });
  const note =
    values.length > 0
      ? t(locale, "command.path.values", {
          values: values.join(t(locale, "preview.list_separator")),
        })
      : t(locale, "command.path.no_values");
  const rendered = fitMessage(
    {
      text: title.replace(/\*/g, ""),
      blocks: buildPathPreview({ preview, def: process.def, dir, locale, title, note }),
    },
    { locale },
  );
  await ack({ response_type: "ephemeral", ...rendered });
};

type Pairs = { raw: RawForm; given: FieldDef[] } | { error: string };

/** `amount=80000 type=exchange reason="too late"`: a field by key or label, a select by value or label. */
function readPairs(process: PublishedProcess, text: string, locale: Locale): Pairs {
  const { def } = process;
  const raw: RawForm = {};
  const given = new Map<string, FieldDef>();
  const token = /\s*(?:([^\s=＝]+)[=＝](?:"([^"]*)"|“([^”]*)”|'([^']*)'|(\S*))|(\S+))/gy;
  for (let m = token.exec(text); m && m[0].trim() !== ""; m = token.exec(text)) {
    if (m[6] !== undefined)
      return {
        error: t(locale, "command.path.bad_pair", {
          arg: escapeMrkdwn(m[6]),
          example: code("amount=80000"),
        }),
      };
    const name = m[1]!;
    const field = fieldNamed(def, name);
    if (!field) {
      const fields = def.fields
        .map((f) =>
          t(locale, "command.path.field", {
            key: code(f.key),
            label: escapeMrkdwn(pick(locale, f.label)),
          }),
        )
        .join(t(locale, "preview.list_separator"));
      return {
        error: t(locale, "command.path.unknown_field", {
          process: escapeMrkdwn(pick(locale, def.name)),
          field: escapeMrkdwn(name),
          fields,
        }),
      };
    }
    raw[field.key] = typedValue(field, m[2] ?? m[3] ?? m[4] ?? m[5] ?? "");
    given.set(field.key, field);
  }
  return { raw, given: [...given.values()] };
}
