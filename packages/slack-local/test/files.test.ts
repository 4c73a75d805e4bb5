import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";

const users = [
  { id: "U1", name: "alice" },
  { id: "U2", name: "bob" },
];

let local: LocalSlack;
let web: WebClient;

beforeEach(async () => {
  local = await startLocalSlack({ signingSecret: "s3cret", users });
  web = new WebClient(local.botToken, {
    slackApiUrl: local.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
});
afterEach(() => local.close());

const csv = '编号,客户,金额\nRMA-1,张三,12.50\nRMA-2,李四,"1,000"\n';

describe("file uploads (files.uploadV2)", () => {
  it("uploads UTF-8 content to a DM and posts a message referencing the file", async () => {
    const open = await web.conversations.open({ users: "U1" });
    const channel = open.channel?.id as string;
    expect(channel).toBe("DU1");

    const res = await web.files.uploadV2({
      channel_id: channel,
      filename: "returns.csv",
      content: csv,
      title: "Returns export",
      initial_comment: "Here is the export 📎",
    });
    expect(res.ok).toBe(true);
    const completion = (
      res as unknown as { files: { ok: boolean; files: Record<string, unknown>[] }[] }
    ).files;
    expect(completion).toHaveLength(1);
    const wireFile = completion[0]!.files[0]!;
    expect(wireFile).toMatchObject({
      name: "returns.csv",
      title: "Returns export",
      mimetype: "text/csv",
      ims: ["DU1"],
    });
    const fileId = wireFile.id as string;
    expect(fileId).toMatch(/^F\w+$/);
    expect(wireFile.size).toBe(Buffer.byteLength(csv));

    // The exact calls uploadV2 makes, in order.
    expect(local.store.calls.map((c) => c.method)).toEqual([
      "conversations.open",
      "files.getUploadURLExternal",
      "files.completeUploadExternal",
    ]);
    expect(local.store.calls[1]!.args).toMatchObject({
      filename: "returns.csv",
      length: String(Buffer.byteLength(csv)),
    });

    const stored = local.store.file(fileId)!;
    expect(stored).toMatchObject({
      id: fileId,
      name: "returns.csv",
      title: "Returns export",
      channel: "DU1",
      completed: true,
    });
    expect(Buffer.isBuffer(stored.bytes)).toBe(true);
    expect(stored.bytes.equals(Buffer.from(csv, "utf8"))).toBe(true);
    expect(stored.bytes.toString("utf8")).toBe(csv);
    expect(typeof stored.uploadedAt).toBe("number");
    expect(local.store.filesIn("DU1").map((f) => f.id)).toEqual([fileId]);
    expect(local.store.filesIn("DU2")).toEqual([]);

    const dm = local.store.dmOf("U1");
    expect(dm).toHaveLength(1);
    expect(dm[0]).toMatchObject({
      text: "Here is the export 📎",
      files: [{ id: fileId, name: "returns.csv", title: "Returns export" }],
    });
    expect(stored.messageTs).toBe(dm[0]!.ts);
    expect(local.store.messagesFor("DU1")).toEqual(dm);

    // url_private serves the same bytes.
    const download = await fetch(wireFile.url_private as string);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(stored.bytes)).toBe(true);
  });

  it("uploads a Buffer without a channel: stored but not shared", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await web.files.uploadV2({ file: bytes, filename: "blob.bin" });
    const id = local.store.calls.find((c) => c.method === "files.getUploadURLExternal")!.response
      .file_id as string;
    const file = local.store.file(id)!;
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file).toMatchObject({ title: "blob.bin", completed: true });
    expect(file.channel).toBeUndefined();
    expect(local.store.channels()).toEqual([]);
  });

  it("accepts a raw (non-multipart) POST to the upload URL and answers like Slack", async () => {
    const { upload_url, file_id } = await web.files.getUploadURLExternal({
      filename: "a.txt",
      length: 5,
    });
    expect(upload_url).toBe(`${local.baseUrl}/upload/${file_id}`);
    const up = await fetch(upload_url as string, { method: "POST", body: "hello" });
    expect(up.status).toBe(200);
    expect(await up.text()).toBe("OK - 5");
    const done = await web.files.completeUploadExternal({
      files: [{ id: file_id as string }],
      channel_id: "U2",
    });
    expect(done.files?.[0]).toMatchObject({ id: file_id, title: "a.txt", name: "a.txt" });
    expect(local.store.lastMessageTo("U2")).toMatchObject({ text: "", files: [{ id: file_id }] });
    expect(local.store.file(file_id as string)!.bytes.toString()).toBe("hello");

    const unknown = await fetch(`${local.baseUrl}/upload/F9999999`, { method: "POST", body: "x" });
    expect(unknown.status).toBe(404);
  });

  it("rejects unknown or never-uploaded file ids and bad arguments", async () => {
    await expect(
      web.files.completeUploadExternal({ files: [{ id: "F0NOPE" }], channel_id: "DU1" }),
    ).rejects.toMatchObject({ data: { ok: false, error: "file_not_found" } });
    const { file_id } = await web.files.getUploadURLExternal({ filename: "late.csv", length: 3 });
    await expect(
      web.files.completeUploadExternal({ files: [{ id: file_id as string }] }),
    ).rejects.toMatchObject({ data: { error: "file_not_found" } });
    expect(local.store.file(file_id as string)).toBeUndefined();
    expect(local.store.dmOf("U1")).toEqual([]);

    await expect(web.apiCall("files.getUploadURLExternal", { length: 3 })).rejects.toMatchObject({
      data: { error: "invalid_arguments" },
    });
    await expect(
      web.apiCall("files.completeUploadExternal", { files: "not json" }),
    ).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
  });

  it("rejects a DM to an unknown user with channel_not_found", async () => {
    const { upload_url, file_id } = await web.files.getUploadURLExternal({
      filename: "a.txt",
      length: 2,
    });
    await fetch(upload_url as string, { method: "POST", body: "hi" });
    await expect(
      web.files.completeUploadExternal({ files: [{ id: file_id as string }], channel_id: "U404" }),
    ).rejects.toMatchObject({ data: { error: "channel_not_found" } });
    expect(local.store.file(file_id as string)!.completed).toBe(false);
  });
});
