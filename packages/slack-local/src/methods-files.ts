import { type ApiHandler, fail } from "./api-types.ts";
import { MAX_UPLOAD_BYTES } from "./file-store.ts";
import { str } from "./http-util.ts";
import { isObject } from "./ids.ts";
import { resolveChannel } from "./methods-chat.ts";
import { toSlackFile } from "./wire.ts";

/** Step 1 of an external upload: reserve a file id and hand out where to POST the bytes. */
const getUploadURLExternal: ApiHandler = (args, ctx) => {
  const filename = str(args.filename)?.trim();
  const rawLength = str(args.length)?.trim();
  if (!filename || rawLength === undefined || !/^\d+$/.test(rawLength))
    return fail("invalid_arguments");
  const length = Number(rawLength);
  if (length === 0) return fail("missing_argument"); // what Slack answers for length 0
  if (length > MAX_UPLOAD_BYTES) return fail("file_upload_size_restricted");
  const fileId = ctx.store.uploads.reserve(filename, length);
  return { ok: true, upload_url: `${ctx.baseUrl}/upload/${fileId}`, file_id: fileId };
};

/** Step 3: name the uploaded files and, with channel_id, share them in one message. */
const completeUploadExternal: ApiHandler = (args, ctx) => {
  const files = args.files;
  if (!Array.isArray(files) || files.length === 0) return fail("invalid_arguments");
  const entries: { id: string; title?: string }[] = [];
  for (const entry of files) {
    const id = isObject(entry) ? str(entry.id) : undefined;
    if (!id) return fail("invalid_arguments");
    entries.push({ id, title: isObject(entry) ? str(entry.title) : undefined });
  }
  // A reserved id whose bytes never reached the upload URL is as unknown as a made-up one.
  if (entries.some((e) => !ctx.store.file(e.id))) return fail("file_not_found");

  let channel: string | undefined;
  if (str(args.channel_id)?.trim()) {
    const target = resolveChannel(args.channel_id, ctx, {
      userIdAsChannel: true,
      refuseDeactivated: true,
    });
    if ("error" in target) return fail(target.error);
    channel = target.channel;
  }
  const done = ctx.store.completeUpload({
    files: entries,
    channel,
    initialComment: str(args.initial_comment),
    blocks: args.blocks,
    thread_ts: str(args.thread_ts),
  });
  return { ok: true, files: done.map((f) => toSlackFile(f, ctx.store.identity, ctx.baseUrl)) };
};

export const fileMethods: Record<string, ApiHandler> = {
  "files.getUploadURLExternal": getUploadURLExternal,
  "files.completeUploadExternal": completeUploadExternal,
};
