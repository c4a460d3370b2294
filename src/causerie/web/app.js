// Entry point: the page shell, the hash router and the session life cycle.

import { ApiError, del, get, patch } from "./api.js";
import { h, replace } from "./dom.js";
import { LANGUAGES, lang, setLang, t } from "./i18n.js";
import { Inbox } from "./inbox.js";
import { closeProfile } from "./profile.js";
import { ChatSocket } from "./socket.js";
import { state } from "./store.js";
import { accountView } from "./views/account.js";
import { conversationsView } from "./views/conversations.js";
import { homeView } from "./views/home.js";
import { loginView } from "./views/login.js";
import { roomView } from "./views/room.js";
import { startView } from "./views/start.js";

const ROUTES = [
  [/^#?\/?$/, homeView, true],
  [/^#\/start$/, startView, false],
  [/^#\/login$/, loginView, false],
  [/^#\/room\/([^/]+)$/, roomView, true, ["id"]],
  [/^#\/conversations$/, conversationsView, true],
  [/^#\/account$/, accountView, true],
];

const root = document.getElementById("app");
let cleanup = null;
let away = 0;

const ctx = {
  signedIn: async (user) => {
    await startSession(user);
    if (location.hash === "" || location.hash === "#/") route();
    else location.hash = "#/";
  },
  signOut: async () => {
    try {
      await del("/session");
    } catch {
      /* the session may already be gone; sign out locally anyway */
    }
    endSession();
    location.hash = "#/start";
  },
  away: (n) => {
    away = n;
    updateTitle();
  },
};

// -- shell ------------------------------------------------------------------

const main = h("main", { id: "main", tabindex: "-1" });
const navBadge = h("span", { class: "badge", hidden: true });
const langSelect = h("select", { id: "lang", class: "lang" }, LANGUAGES.map(([code, name]) => h("option", { value: code }, name)));
const header = h("header", { class: "topbar" });

function renderShell() {
  langSelect.value = lang();
  const signed = Boolean(state.me);
  const link = (href, long, short, extra) =>
    h("a", { href, class: "nav-link" }, h("span", { class: "long" }, long), h("span", { class: "short", "aria-hidden": "true" }, short), extra);
  replace(
    header,
    h("a", { class: "skip", href: "#main", onclick: skipToMain }, t("skip")),
    h("a", { class: "brand", href: signed ? "#/" : "#/start", "aria-label": "Causerie" }, h("span", { class: "logo", "aria-hidden": "true" }, "c"), h("span", { class: "brand-name" }, "Causerie")),
    signed
      ? h(
          "nav",
          { "aria-label": t("nav.main") },
          link("#/", t("nav.rooms"), t("nav.rooms")),
          link("#/conversations", t("nav.messages"), t("nav.messages.short"), navBadge),
          link("#/account", t("nav.account"), h("span", { class: "me-initial" }, state.me.pseudo.slice(0, 1).toUpperCase())),
        )
      : h("span", { class: "tagline" }, t("app.tagline")),
    h("div", { class: "lang-box" }, h("label", { for: "lang", class: "sr-only" }, t("lang.label")), langSelect),
  );
  markCurrentLink();
}

function skipToMain(event) {
  event.preventDefault(); // the hash is the router's: focus instead of navigating
  main.focus();
}

function markCurrentLink() {
  const hash = location.hash || "#/";
  for (const a of header.querySelectorAll("nav a")) {
    const href = a.getAttribute("href");
    const current = href === "#/" ? hash === "#/" || hash.startsWith("#/room/") : hash.startsWith(href);
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

langSelect.addEventListener("change", () => {
  setLang(langSelect.value);
  if (state.me) patch("/me", { language: langSelect.value }).catch(() => {});
  renderShell();
  route();
});

function updateTitle() {
  const inboxCount = state.inbox ? state.inbox.attention() : 0;
  navBadge.hidden = inboxCount === 0;
  navBadge.textContent = String(inboxCount);
  navBadge.setAttribute("aria-label", t("conv.unread", { n: inboxCount }));
  const n = inboxCount + away;
  const base = document.title.replace(/^\(\d+\) /, "");
  document.title = n > 0 ? `(${n}) ${base}` : base;
}

// -- session ------------------------------------------------------------------

async function startSession(user) {
  state.me = user;
  if (!state.socket) {
    state.socket = new ChatSocket();
    state.socket.addEventListener("ended", () => {
      endSession();
      location.hash = "#/start";
    });
  }
  state.socket.start();
  if (!state.inbox) {
    state.inbox = new Inbox(state.socket);
    state.inbox.addEventListener("change", updateTitle);
  }
  try {
    const blocks = await get("/blocks");
    state.blocked = new Set((blocks || []).map((b) => b.user_id));
  } catch {
    state.blocked = new Set();
  }
  await state.inbox.start();
  renderShell();
}

function endSession() {
  state.inbox?.stop();
  state.inbox = null;
  state.socket?.stop();
  state.socket = null;
  state.me = null;
  state.rooms = [];
  away = 0;
  renderShell();
}

// -- routing -------------------------------------------------------------------

function route() {
  const hash = location.hash || "#/";
  if (hash === "#main") return;
  for (const [pattern, view, needsSession, names = []] of ROUTES) {
    const match = hash.match(pattern);
    if (!match) continue;
    if (needsSession && !state.me) {
      location.hash = "#/start";
      return;
    }
    if (!needsSession && state.me) {
      location.hash = "#/";
      return;
    }
    if (cleanup) cleanup();
    closeProfile();
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    document.title = "Causerie";
    markCurrentLink();
    cleanup = view(main, params, ctx) || null;
    updateTitle();
    window.scrollTo(0, 0);
    return;
  }
  location.hash = state.me ? "#/" : "#/start";
}

async function boot() {
  replace(root, header, main);
  try {
    const me = await get("/me");
    await startSession(me);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) {
      // the server is unreachable or broken: say so instead of a blank page
      renderShell();
      replace(main, h("p", { class: "alert" }, t("err.network")));
      return;
    }
  }
  renderShell();
  window.addEventListener("hashchange", route);
  route();
}

boot();
