/**
 * Telegram's HTML parse mode, made safe for the playground page: only the tags Telegram itself allows survive
 * (without their attributes, except a link's http(s)/tg/mailto href and the spoiler class); anything else is shown
 * as text. Tags are balanced, plain URLs become links (as Telegram shows them), and the result goes into
 * `innerHTML` without further escaping.
 */

const simpleTags = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "blockquote", "tg-spoiler"]);
const token = /<(\/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});|[^<&]+|[<&]/g;
const namedEntities: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const safeHref = /^(https?:\/\/|tg:\/\/|mailto:)/i;
const plainUrl = /https?:\/\/[^\s<>"']+/g;

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function decodeEntity(entity: string): string {
  const body = entity.slice(1, -1);
  if (body.startsWith("#x") || body.startsWith("#X")) return safeCodePoint(Number.parseInt(body.slice(2), 16), entity);
  if (body.startsWith("#")) return safeCodePoint(Number.parseInt(body.slice(1), 10), entity);
  return namedEntities[body.toLowerCase()] ?? entity;
}

function safeCodePoint(codePoint: number, fallback: string): string {
  return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : fallback;
}

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i").exec(attributes);
  const raw = match?.[1] ?? match?.[2] ?? match?.[3];
  return raw === undefined ? null : raw.replace(/&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, decodeEntity);
}

function linkify(text: string): string {
  return escapeText(text).replace(plainUrl, (url) => {
    const trimmed = url.replace(/[.,;:!?)]+$/, "");
    return `<a href="${trimmed}" target="_blank" rel="noopener noreferrer">${trimmed}</a>${url.slice(trimmed.length)}`;
  });
}

/** The opening tag as the page gets it, or null when Telegram would not accept it either. */
function openingTag(name: string, attributes: string): string | null {
  if (simpleTags.has(name)) return `<${name}>`;
  if (name === "span") return attribute(attributes, "class") === "tg-spoiler" ? '<span class="tg-spoiler">' : null;
  if (name === "a") {
    const href = attribute(attributes, "href");
    return href && safeHref.test(href) ? `<a href="${escapeText(href)}" target="_blank" rel="noopener noreferrer">` : null;
  }
  return null;
}

export function sanitizeTelegramHtml(html: string): string {
  const open: string[] = [];
  let out = "";
  let text = "";
  const flushText = () => {
    out += open.includes("a") ? escapeText(text) : linkify(text);
    text = "";
  };
  for (const match of html.matchAll(token)) {
    const [whole, slash, rawName, attributes] = match;
    if (rawName === undefined) {
      text += whole.startsWith("&") && whole.length > 1 ? decodeEntity(whole) : whole;
      continue;
    }
    const name = rawName.toLowerCase();
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at < 0) {
        text += whole;
        continue;
      }
      flushText();
      for (const closing of open.splice(at).reverse()) out += `</${closing}>`;
      continue;
    }
    const tag = openingTag(name, attributes ?? "");
    if (!tag) {
      text += whole;
      continue;
    }
    flushText();
    out += tag;
    open.push(name);
  }
  flushText();
  for (const closing of open.reverse()) out += `</${closing}>`;
  return out;
}
