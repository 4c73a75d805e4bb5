// The page's own words, in the two languages the page speaks (the person's `locale`).
// The English catalog must have every key of the Chinese one (the compiler checks).

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const zhCN = {
  title: "本地 Slack 工作区",
  intro:
    "不用 Slack 也能试用：选一个人，输入斜杠命令，点按钮，填表单。每个操作都像 Slack 一样，以签名请求发给机器人。",
  you_are: "你现在是",
  "people.filter": "查找成员或职务",
  unread: "{n} 条未读",
  "tab.home": "主页",
  "tab.messages": "消息",
  "composer.placeholder": "输入斜杠命令，如 /return 或 /approval help",
  "composer.send": "发送",
  "command.not_command": "这里只能输入斜杠命令（应用的消息页是只读的）。",
  "command.invalid": "{command} 不是有效的命令。",
  "bot.failed": "应用没有正常应答（HTTP {status}），请稍后再试。",
  "action.failed": "操作没有完成：{error}",
  "connection.lost": "实时更新已断开，正在重新连接…",
  "dm.empty": "还没有消息。输入 `/return` 提交一个退货申请，或输入 `/approval help` 查看用法。",
  "home.empty": "主页还没有内容。",
  app_tag: "应用",
  edited: "（已编辑）",
  ephemeral: "仅你可见",
  "ephemeral.dismiss": "关闭消息",
  optional: "（选填）",
  required: "请填写此项。",
  "invalid.number": "请输入有效的数字。",
  "invalid.url": "请输入有效的网址。",
  "invalid.email": "请输入有效的邮箱地址。",
  "select.placeholder": "请选择",
  "users.placeholder": "选择成员",
  "search.placeholder": "输入以搜索",
  "search.loading": "正在搜索…",
  "search.none": "没有匹配的选项",
  overflow: "更多",
  unsupported: "（本页无法显示：{type}）",
  "modal.close": "取消",
  "confirm.ok": "确定",
  "confirm.cancel": "取消",
} as const;

export type MessageKey = keyof typeof zhCN;

export const en: Record<MessageKey, string> = {
  title: "Local Slack workspace",
  intro:
    "Try the bot without Slack: pick a person, type slash commands, click buttons, fill in forms. Each action reaches the bot as a signed request, as from Slack.",
  you_are: "You are",
  "people.filter": "Find a person or role",
  unread: "{n} unread",
  "tab.home": "Home",
  "tab.messages": "Messages",
  "composer.placeholder": "Type a slash command, e.g. /return or /approval help",
  "composer.send": "Send",
  "command.not_command": "Only slash commands here (the app's Messages tab is read-only).",
  "command.invalid": "{command} is not a valid command.",
  "bot.failed": "The app did not answer properly (HTTP {status}). Try again.",
  "action.failed": "That did not go through: {error}",
  "connection.lost": "Live updates lost; reconnecting…",
  "dm.empty": "No messages yet. Type `/return` to file a return, or `/approval help` for usage.",
  "home.empty": "Nothing on the Home tab yet.",
  app_tag: "APP",
  edited: "(edited)",
  ephemeral: "Only visible to you",
  "ephemeral.dismiss": "Dismiss message",
  optional: "(optional)",
  required: "Please complete this required field.",
  "invalid.number": "Enter a valid number.",
  "invalid.url": "Enter a valid URL.",
  "invalid.email": "Enter a valid email address.",
  "select.placeholder": "Select an option",
  "users.placeholder": "Select a person",
  "search.placeholder": "Type to search",
  "search.loading": "Searching…",
  "search.none": "No matching options",
  overflow: "More",
  unsupported: "(not shown on this page: {type})",
  "modal.close": "Cancel",
  "confirm.ok": "OK",
  "confirm.cancel": "Cancel",
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** The message in the reader's language, with `{name}` placeholders filled (unknown ones stay visible). */
export function t(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
