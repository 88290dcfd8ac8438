/* global document, fetch, setTimeout, URL, location */
// The playground page: polls the state, draws both chats, and turns typing and taps into Telegram updates.
// Message HTML arrives sanitised by the server (only Telegram's tags); everything else is set as text.

const POLL_MS = 400;
const TOAST_MS = 4000;
const phones = ["manager", "client"];
let version = -1;
let state = null;

const $ = (selector, root = document) => root.querySelector(selector);
const phoneElement = (phone) => document.getElementById(`phone-${phone}`);
const timeFormat = new Intl.DateTimeFormat("de-DE", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" });

async function call(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) notice(`Refused: ${answer.error ?? response.status}`);
    return answer;
  } catch (error) {
    notice(`The playground server does not answer (${error.message}).`);
    return {};
  } finally {
    void refresh();
  }
}

function notice(text) {
  $("#notice").textContent = text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderMessage(phone, message) {
  const item = element("li", `message from-${message.from}`);
  item.dataset.messageId = String(message.id);
  const bubble = element("div", "bubble");
  if (message.photo) {
    const image = element("img", "photo");
    image.src = `/playground/files/${encodeURIComponent(message.photo)}`;
    image.alt = "Photo (QR code)";
    bubble.append(image);
  }
  if (message.document) {
    const link = element("a", "document", `📄 ${message.document.fileName}`);
    link.href = `/playground/files/${encodeURIComponent(message.document.fileId)}`;
    link.download = message.document.fileName;
    bubble.append(link);
  }
  if (message.html) {
    const text = element("div", "text");
    text.dir = "auto";
    text.innerHTML = message.html;
    bubble.append(text);
  }
  const meta = element("span", "meta", `${message.edited ? "edited " : ""}${timeFormat.format(new Date(message.date))}`);
  bubble.append(meta);
  item.append(bubble);
  if (message.buttons.length > 0) {
    const keyboard = element("div", "keyboard");
    for (const row of message.buttons) {
      const line = element("div", "keyboard-row");
      for (const button of row) {
        if (button.url) {
          const link = element("a", "inline-button", button.text);
          link.href = button.url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          link.dir = "auto";
          line.append(link);
        } else {
          const tap = element("button", "inline-button", button.text);
          tap.type = "button";
          tap.dir = "auto";
          tap.addEventListener("click", () => call("/playground/api/tap", { phone, messageId: message.id, data: button.data }));
          line.append(tap);
        }
      }
      keyboard.append(line);
    }
    item.append(keyboard);
  }
  return item;
}

function renderPhone(phone, data) {
  const root = phoneElement(phone);
  $(".who", root).textContent = `${data.name} · Telegram user ${data.userId} · ${data.languageCode}`;
  const list = $(".messages", root);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...data.messages.map((message) => renderMessage(phone, message)));
  if (atBottom || list.dataset.userId !== String(data.userId)) list.scrollTop = list.scrollHeight;
  list.dataset.userId = String(data.userId);
  showToast(phone, $(".toast", root), data.toast);
}

/** A callback answer with text shows for a few seconds, as Telegram's toast does. */
const shownToasts = new Map();
function showToast(phone, toast, text) {
  if (!text) {
    shownToasts.delete(phone);
    toast.hidden = true;
    return;
  }
  if (shownToasts.get(phone) === text) return;
  shownToasts.set(phone, text);
  toast.textContent = text;
  toast.hidden = false;
  setTimeout(() => {
    if (toast.textContent === text) toast.hidden = true;
  }, TOAST_MS);
}

function renderInvite() {
  const box = $("#phone-client .invite");
  const invite = state.invite;
  const used = invite && state.phones.client.messages.some((message) => message.from === "user" && message.html.includes(invite.code));
  box.hidden = !invite || used;
}

function renderLanguages() {
  const select = $("#language");
  if (select.options.length === 0) {
    for (const language of state.languages) {
      const option = element("option", "", `${language.name} (${language.code})`);
      option.value = language.code;
      select.append(option);
    }
  }
  if (document.activeElement !== select) select.value = state.phones.client.languageCode;
}

function render() {
  $("#clock-label").textContent = state.clock.label;
  $("#clock-label").title = `The application's clock (${state.clock.timezone}): ${state.clock.now}`;
  for (const phone of phones) renderPhone(phone, state.phones[phone]);
  renderInvite();
  renderLanguages();
  document.body.dataset.version = String(state.version);
}

async function refresh() {
  try {
    const response = await fetch("/playground/api/state", { cache: "no-store" });
    const next = await response.json();
    if (next.version !== version || !state) {
      state = next;
      version = next.version;
      render();
    } else {
      state.clock = next.clock;
      $("#clock-label").textContent = state.clock.label;
    }
  } catch {
    notice("The playground server does not answer.");
  }
}

async function poll() {
  await refresh();
  setTimeout(poll, POLL_MS);
}

function startCode(href) {
  try {
    const url = new URL(href, location.href);
    return url.hostname === "t.me" ? url.searchParams.get("start") : null;
  } catch {
    return null;
  }
}

function openInvite(code) {
  notice("The client opened the invite link: Telegram sends /start with the code.");
  return call("/playground/api/send", { phone: "client", text: `/start ${code}` });
}

for (const phone of phones) {
  const root = phoneElement(phone);
  $(".composer", root).addEventListener("submit", (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    void call("/playground/api/send", { phone, text });
  });
  // A Telegram deep link with an invite (t.me/<bot>?start=<code>) opens on the client's phone, as if tapped there.
  $(".messages", root).addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    const code = link && startCode(link.getAttribute("href"));
    if (!code) return;
    event.preventDefault();
    void openInvite(code);
  });
}

$("#phone-client .open-invite").addEventListener("click", () => state?.invite && openInvite(state.invite.code));

$("#language").addEventListener("change", (event) => {
  void call("/playground/api/language", { language: event.target.value });
});

$("#demo").addEventListener("click", async () => {
  notice("Creating a tenant, a manager and a client invite…");
  const answer = await call("/playground/api/demo");
  if (answer.ok) notice("Demo data ready: the manager links on the left; the invite waits on the right.");
});

for (const button of document.querySelectorAll("[data-step]")) {
  button.addEventListener("click", async () => {
    const answer = await call("/playground/api/clock", { step: button.dataset.step });
    if (answer.now)
      notice(answer.moved ? `Clock moved to ${new Date(answer.now).toLocaleString("de-DE")}; due messages sent.` : "Nothing is planned for these two phones.");
  });
}

void poll();
