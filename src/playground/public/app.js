/* global document, fetch, setTimeout, URL, location, navigator */
// The playground page: polls the state, draws the three chats, and turns typing and taps into Telegram updates.
// Message HTML arrives sanitised by the server (only Telegram's tags); everything else is set as text.

const POLL_MS = 400;
const TOAST_MS = 4000;
const phones = ["manager", "client", "supervisor"];
let version = -1;
let state = null;

/** The page's own labels, in German or English after the browser's languages (English when neither is asked for). */
const labels = {
  en: {
    title: "Lotse playground",
    intro: "The real bot and the real database, with a built-in fake Telegram. Nothing leaves this computer.",
    demo: "Demo data",
    clock: "Clock",
    clockTitle: "The application's clock ({zone}): {now}",
    "step.hour": "+1 hour",
    "step.day": "+1 day",
    "step.next": "To next reminder",
    "phone.manager": "Integration manager",
    "phone.manager.label": "Manager's phone",
    "phone.client": "Client",
    "phone.client.label": "Client's phone",
    "phone.supervisor": "Supervisor",
    "phone.supervisor.label": "Supervisor's phone",
    language: "Telegram language",
    "language.label": "Language of the client's Telegram app",
    chat: "Chat with Lotse",
    message: "Message",
    "message.manager": "Message to Lotse (manager)",
    "message.client": "Message to Lotse (client)",
    "message.supervisor": "Message to Lotse (supervisor)",
    send: "Send",
    who: "{name} · Telegram user {id} · {language}",
    notLinked: "not linked yet",
    "invite.waiting": "An invite from the integration manager is waiting.",
    "invite.open": "Open the invite link",
    photo: "Photo",
    edited: "edited",
    refused: "Refused: {error}",
    noAnswer: "The playground server does not answer.",
    noAnswerBecause: "The playground server does not answer ({error}).",
    inviteOpened: "The client opened the invite link: Telegram sends /start with the code.",
    demoCreating: "Creating a tenant, a manager, a supervisor and a client invite…",
    demoReady: "Demo data ready: the manager and the supervisor link their phones; the invite waits on the client's phone.",
    clockMoved: "Clock moved to {time}; due messages sent.",
    nothingPlanned: "Nothing is planned for these phones.",
    help:
      "Start with <b>Demo data</b>: the left phone becomes a linked manager, the right one a linked supervisor, and an invite waits for the " +
      "client's phone in the middle. The manager can type <code>/newclient</code>, <code>/appointment</code>, <code>/agenda</code>, " +
      "<code>/plan</code> or <code>/help</code>; tapping an invite link in the manager's chat opens it on the client's phone. The supervisor " +
      "can type <code>/report</code>, <code>/periods</code> or <code>/staff</code>. Move the clock to watch reminders arrive.",
  },
  de: {
    title: "Lotse-Playground",
    intro: "Der echte Bot und die echte Datenbank, mit einem eingebauten Schein-Telegram. Nichts verlässt diesen Computer.",
    demo: "Demodaten",
    clock: "Uhr",
    clockTitle: "Die Uhr der Anwendung ({zone}): {now}",
    "step.hour": "+1 Stunde",
    "step.day": "+1 Tag",
    "step.next": "Zur nächsten Erinnerung",
    "phone.manager": "Integrationsmanagement",
    "phone.manager.label": "Telefon des Integrationsmanagements",
    "phone.client": "Klient·in",
    "phone.client.label": "Telefon der Klientin oder des Klienten",
    "phone.supervisor": "Fachaufsicht",
    "phone.supervisor.label": "Telefon der Fachaufsicht",
    language: "Telegram-Sprache",
    "language.label": "Sprache der Telegram-App der Klientin oder des Klienten",
    chat: "Chat mit Lotse",
    message: "Nachricht",
    "message.manager": "Nachricht an Lotse (Integrationsmanagement)",
    "message.client": "Nachricht an Lotse (Klient·in)",
    "message.supervisor": "Nachricht an Lotse (Fachaufsicht)",
    send: "Senden",
    who: "{name} · Telegram-Konto {id} · {language}",
    notLinked: "noch nicht verbunden",
    "invite.waiting": "Eine Einladung vom Integrationsmanagement wartet.",
    "invite.open": "Einladungslink öffnen",
    photo: "Foto",
    edited: "bearbeitet",
    refused: "Abgelehnt: {error}",
    noAnswer: "Der Playground-Server antwortet nicht.",
    noAnswerBecause: "Der Playground-Server antwortet nicht ({error}).",
    inviteOpened: "Der Einladungslink wurde auf dem Telefon der Klientin geöffnet: Telegram sendet /start mit dem Code.",
    demoCreating: "Landkreis, Integrationsmanagerin, Fachaufsicht und eine Einladung werden angelegt …",
    demoReady: "Demodaten bereit: Integrationsmanagement und Fachaufsicht verbinden ihre Telefone; die Einladung wartet auf dem Telefon der Klientin.",
    clockMoved: "Uhr vorgestellt auf {time}; fällige Nachrichten verschickt.",
    nothingPlanned: "Für diese Telefone ist nichts geplant.",
    help:
      "Zuerst <b>Demodaten</b>: Das linke Telefon wird eine verbundene Integrationsmanagerin, das rechte eine verbundene Fachaufsicht, und " +
      "auf das Telefon der Klientin in der Mitte wartet eine Einladung. Im Integrationsmanagement gehen <code>/newclient</code>, " +
      "<code>/appointment</code>, <code>/agenda</code>, <code>/plan</code> oder <code>/help</code>; ein Einladungslink im Chat öffnet sich auf " +
      "dem Telefon der Klientin. Die Fachaufsicht kann <code>/report</code>, <code>/periods</code> oder <code>/staff</code> schreiben. " +
      "Mit der Uhr kommen Erinnerungen sofort.",
  },
};
const pageLanguage =
  [...(navigator.languages ?? []), navigator.language]
    .filter(Boolean)
    .map((tag) => tag.toLowerCase().split("-")[0])
    .find((language) => language in labels) ?? "en";
const locale = pageLanguage === "de" ? "de-DE" : "en-GB";

function t(key, params = {}) {
  const text = labels[pageLanguage][key] ?? labels.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

function translatePage() {
  document.documentElement.lang = pageLanguage;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  // Only the page's own trusted strings above, never anything from the server.
  for (const node of document.querySelectorAll("[data-i18n-html]")) node.innerHTML = t(node.dataset.i18nHtml);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
}

const $ = (selector, root = document) => root.querySelector(selector);
const phoneElement = (phone) => document.getElementById(`phone-${phone}`);
/** On the application's clock and in its time zone, in the page's language. */
const formats = new Map();
function formatDate(iso, options) {
  const zone = state?.clock.timezone ?? "Europe/Berlin";
  const key = `${zone}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(locale, { timeZone: zone, ...options }));
  return formats.get(key).format(new Date(iso));
}
const messageTime = (iso) => formatDate(iso, { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" });
const clockTime = (iso) => formatDate(iso, { dateStyle: "full", timeStyle: "short" });

async function call(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) notice(t("refused", { error: answer.error ?? response.status }));
    return answer;
  } catch (error) {
    notice(t("noAnswerBecause", { error: error.message }));
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
    image.alt = t("photo");
    // The picture gets its height when it has loaded: a chat shown at its end stays at its end.
    image.addEventListener("load", () => keepAtEnd(image.closest(".messages")));
    bubble.append(image);
  }
  if (message.document) {
    const link = element("a", "document", message.document.fileName);
    link.href = `/playground/files/${encodeURIComponent(message.document.fileId)}`;
    link.download = message.document.fileName;
    link.dir = "ltr";
    bubble.append(link);
  }
  if (message.html) {
    const text = element("div", "text");
    text.dir = "auto";
    text.innerHTML = message.html;
    bubble.append(text);
  }
  const meta = element("span", "meta", `${message.edited ? `${t("edited")} ` : ""}${messageTime(message.date)}`);
  meta.dir = "ltr";
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

/** The phone's screen in its Telegram app's language: mirrored for Arabic, Persian, Pashto and Sorani, as Telegram does. */
function setScreenLanguage(root, languageCode) {
  const screen = $(".screen", root);
  const rtl = state.languages.some((language) => language.code === languageCode && language.rtl);
  screen.lang = languageCode;
  screen.dir = rtl ? "rtl" : "ltr";
}

function keepAtEnd(list) {
  if (list?.dataset.atEnd === "true") list.scrollTop = list.scrollHeight;
}

function renderPhone(phone, data) {
  const root = phoneElement(phone);
  setScreenLanguage(root, data.languageCode);
  $(".who", root).textContent = t("who", { name: data.name ?? t("notLinked"), id: data.userId, language: data.languageCode });
  const list = $(".messages", root);
  const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 40 || list.dataset.userId !== String(data.userId);
  list.replaceChildren(...data.messages.map((message) => renderMessage(phone, message)));
  list.dataset.atEnd = String(atEnd);
  list.dataset.userId = String(data.userId);
  keepAtEnd(list);
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
      option.dir = "auto";
      select.append(option);
    }
  }
  if (document.activeElement !== select) select.value = state.phones.client.languageCode;
}

function renderClock() {
  const label = $("#clock-label");
  label.textContent = clockTime(state.clock.now);
  label.title = t("clockTitle", { zone: state.clock.timezone, now: state.clock.now });
}

function render() {
  renderClock();
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
      renderClock();
    }
  } catch {
    notice(t("noAnswer"));
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
  notice(t("inviteOpened"));
  return call("/playground/api/send", { phone: "client", text: `/start ${code}` });
}

translatePage();

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
  // Scrolled by the person: new messages no longer pull the chat to its end until it is scrolled back there.
  $(".messages", root).addEventListener("scroll", (event) => {
    const list = event.currentTarget;
    list.dataset.atEnd = String(list.scrollHeight - list.scrollTop - list.clientHeight < 40);
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
  notice(t("demoCreating"));
  const answer = await call("/playground/api/demo");
  if (answer.ok) notice(t("demoReady"));
});

for (const button of document.querySelectorAll("[data-step]")) {
  button.addEventListener("click", async () => {
    const answer = await call("/playground/api/clock", { step: button.dataset.step });
    if (answer.now) notice(answer.moved ? t("clockMoved", { time: clockTime(answer.now) }) : t("nothingPlanned"));
  });
}

void poll();
