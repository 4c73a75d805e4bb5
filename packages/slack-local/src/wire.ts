// Conversions from stored records to the JSON shapes Slack puts on the wire.
import { extname } from "node:path";
import type {
  LocalIdentity,
  LocalUser,
  SlackView,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  StoredView,
} from "./types.ts";

export function toSlackMessage(msg: StoredMessage, id: LocalIdentity): Record<string, unknown> {
  const edits = msg.versions.length > 1;
  return {
    type: "message",
    text: msg.text,
    user: msg.user,
    ...(msg.bot_id ? { bot_id: msg.bot_id, app_id: id.appId } : {}),
    team: id.teamId,
    ts: msg.ts,
    ...(msg.blocks ? { blocks: msg.blocks } : {}),
    ...(msg.attachments ? { attachments: msg.attachments } : {}),
    ...(msg.metadata !== undefined ? { metadata: msg.metadata } : {}),
    ...(msg.thread_ts ? { thread_ts: msg.thread_ts } : {}),
    ...(edits ? { edited: { user: msg.user, ts: msg.ts } } : {}),
    ...(msg.files ? { files: msg.files, upload: true } : {}),
  };
}

/** The file object of files.completeUploadExternal (a subset of Slack's). */
export function toSlackFile(
  f: StoredFile,
  id: LocalIdentity,
  baseUrl: string,
): Record<string, unknown> {
  const created = Math.floor(f.uploadedAt / 1000);
  const ext = extname(f.name).slice(1).toLowerCase();
  const urlPrivate = `${baseUrl}/files/${f.id}/${encodeURIComponent(f.name)}`;
  const inDm = f.channel?.startsWith("D") ?? false;
  return {
    id: f.id,
    created,
    timestamp: created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: ext || "binary",
    pretty_type: ext ? ext.toUpperCase() : "Binary",
    user: id.botUserId,
    user_team: id.teamId,
    editable: false,
    size: f.bytes.length,
    mode: "hosted",
    is_external: false,
    external_type: "",
    is_public: Boolean(f.channel?.startsWith("C")),
    public_url_shared: false,
    display_as_bot: false,
    url_private: urlPrivate,
    url_private_download: `${urlPrivate}?download=1`,
    permalink: urlPrivate,
    channels: f.channel && !inDm ? [f.channel] : [],
    groups: [],
    ims: f.channel && inDm ? [f.channel] : [],
    comments_count: 0,
    has_rich_preview: false,
    file_access: "visible",
  };
}

export function toSlackEphemeral(eph: StoredEphemeral, id: LocalIdentity): Record<string, unknown> {
  return {
    type: "message",
    subtype: "bot_message",
    text: eph.text,
    user: id.botUserId,
    bot_id: id.botId,
    ts: eph.ts,
    ...(eph.blocks ? { blocks: eph.blocks } : {}),
  };
}

/** The wire form of a stored view (drops our bookkeeping fields). */
export function toSlackView(view: StoredView): SlackView {
  const { user: _user, open: _open, errors: _errors, ...rest } = view;
  return rest;
}

const DEFAULT_TZ = "UTC";
const DEFAULT_LOCALE = "en-US";

/** users.info / users.list member object. */
export function toSlackUser(u: LocalUser, id: LocalIdentity): Record<string, unknown> {
  const tz = u.tz ?? DEFAULT_TZ;
  const realName = u.realName ?? u.name;
  return {
    id: u.id,
    team_id: id.teamId,
    name: u.name,
    deleted: u.deleted === true,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz),
    locale: u.locale ?? DEFAULT_LOCALE,
    is_bot: false,
    is_app_user: false,
    profile: {
      real_name: realName,
      display_name: u.name,
      real_name_normalized: realName,
      display_name_normalized: u.name,
      ...(u.email ? { email: u.email } : {}),
      team: id.teamId,
    },
  };
}

/** The payload `user` object of interactions: { id, username, name, team_id }. */
export function payloadUser(
  userId: string,
  u: LocalUser | undefined,
  id: LocalIdentity,
): Record<string, string> {
  const name = u?.name ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: id.teamId };
}

/** Current UTC offset of an IANA zone, in seconds (Slack's tz_offset). */
function tzOffsetSeconds(tz: string): number {
  try {
    const now = new Date();
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(now);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const wall = Date.UTC(
      get("year"),
      get("month") - 1,
      get("day"),
      get("hour"),
      get("minute"),
      get("second"),
    );
    return Math.round((wall - now.getTime()) / 60_000) * 60;
  } catch {
    return 0; // unknown zone name: report UTC rather than fail the call
  }
}
