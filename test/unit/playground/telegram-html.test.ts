import { describe, expect, it } from "vitest";
import { sanitizeTelegramHtml } from "../../../src/playground/telegram-html.ts";

describe("the playground's Telegram HTML", () => {
  it("keeps Telegram's formatting tags", () => {
    expect(sanitizeTelegramHtml("<b>fett</b>, <i>kursiv</i>, <u>u</u>, <s>s</s>, <code>x</code>")).toBe(
      "<b>fett</b>, <i>kursiv</i>, <u>u</u>, <s>s</s>, <code>x</code>",
    );
    expect(sanitizeTelegramHtml('<span class="tg-spoiler">geheim</span><tg-spoiler>auch</tg-spoiler>')).toBe(
      '<span class="tg-spoiler">geheim</span><tg-spoiler>auch</tg-spoiler>',
    );
  });

  it("shows tags Telegram does not allow, and their attributes, as text", () => {
    expect(sanitizeTelegramHtml('<img src=x onerror="alert(1)"><script>alert(2)</script>')).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
    );
    expect(sanitizeTelegramHtml('<b onclick="alert(1)">x</b>')).toBe("<b>x</b>");
    expect(sanitizeTelegramHtml('<span style="color:red">x</span>')).toBe("&lt;span style=&quot;color:red&quot;&gt;x&lt;/span&gt;");
  });

  it("keeps only http(s), tg and mailto links, opening in a new tab", () => {
    expect(sanitizeTelegramHtml('<a href="https://t.me/bot?start=AB12">Link</a>')).toBe(
      '<a href="https://t.me/bot?start=AB12" target="_blank" rel="noopener noreferrer">Link</a>',
    );
    expect(sanitizeTelegramHtml('<a href="javascript:alert(1)">x</a>')).toBe("&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;");
  });

  it("turns plain URLs into links, as Telegram shows them", () => {
    expect(sanitizeTelegramHtml("Link: https://t.me/lotse_bot?start=QNVK74AH8D.")).toBe(
      'Link: <a href="https://t.me/lotse_bot?start=QNVK74AH8D" target="_blank" rel="noopener noreferrer">https://t.me/lotse_bot?start=QNVK74AH8D</a>.',
    );
  });

  it("keeps escaped text escaped and balances unclosed tags", () => {
    expect(sanitizeTelegramHtml("a &lt;b&gt; &amp; c &#1583; < d & e")).toBe("a &lt;b&gt; &amp; c د &lt; d &amp; e");
    expect(sanitizeTelegramHtml("<b><i>x</b> y</i>")).toBe("<b><i>x</i></b> y&lt;/i&gt;");
  });

  it("leaves right-to-left text as it is", () => {
    expect(sanitizeTelegramHtml("<b>تذكير:</b> موعد")).toBe("<b>تذكير:</b> موعد");
  });
});
