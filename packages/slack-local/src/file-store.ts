import { extname } from "node:path";
import { Sequence } from "./ids.ts";
import type { StoredFile } from "./types.ts";

/** Largest file the upload URL accepts (Slack allows 1 GB; this server keeps bytes in memory). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

interface PendingUpload {
  id: string;
  name: string;
  declaredLength: number;
  createdAt: number;
}

const MIME_TYPES: Record<string, string> = {
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".json": "application/json",
  ".md": "text/markdown",
  ".html": "text/html",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".zip": "application/zip",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function mimeTypeOf(name: string): string {
  return MIME_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The three steps of Slack's external upload: files.getUploadURLExternal
 * reserves an id, the raw POST to the upload URL stores the bytes, and
 * files.completeUploadExternal names the file and optionally shares it.
 */
export class FileStore {
  private readonly pending = new Map<string, PendingUpload>();
  private readonly files = new Map<string, StoredFile>();
  private readonly ids = new Sequence("F");

  reserve(name: string, declaredLength: number): string {
    const id = this.ids.next();
    this.pending.set(id, { id, name, declaredLength, createdAt: Date.now() });
    return id;
  }

  /** Stores the bytes sent to an upload URL; undefined when the id was never reserved or is already completed. */
  upload(id: string, bytes: Buffer): StoredFile | undefined {
    const existing = this.files.get(id);
    if (existing?.completed) return undefined;
    const reserved = this.pending.get(id);
    if (!reserved) return undefined;
    const file: StoredFile = {
      id,
      name: reserved.name,
      title: reserved.name,
      bytes,
      declaredLength: reserved.declaredLength,
      mimetype: mimeTypeOf(reserved.name),
      completed: false,
      uploadedAt: Date.now(),
    };
    this.files.set(id, file);
    return file;
  }

  /** An uploaded file (completed or not). */
  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** Completed files shared to a channel, in upload order. */
  inChannel(channel: string): StoredFile[] {
    return [...this.files.values()].filter((f) => f.completed && f.channel === channel);
  }
}
