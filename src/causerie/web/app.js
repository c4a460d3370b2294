// Entry point: the page shell, the hash router and the session life cycle.

import { ApiError, del, dropPrefetched, get, patch, prefetch } from "./api.js";
import { h, replace } from "./dom.js";
import { LANGUAGES, lang, setLang, t } from "./i18n.js";
import { isStaff, isSuspended, state } from "./store.js";
import { startView } from "./views/start.js";
import { applyScheme } from "./scheme.js";

// Only the room screen reads the visible height (--vvh), long after this
// runs: not one of the start screen's requests, on a link where each one
// beyond six per round trip costs another round trip.
import("./viewport.js").then((m) => m.trackVisualViewport(), () => {});
applyScheme();

// Only the start screen comes with app.js (its static imports are all that
// index.html preloads): on a slow mobile link every kilobyte before the first
// screen is time a new visitor stares at "Loading…". What a signed-in page
// needs (the socket, the inbox, the notices, home) is the session kit below,
// asked for alongside GET /me when a session cookie says it will be needed;
// every other view is fetched when first opened, and all of it is warmed up
// once the first screen is drawn (bench/web_first_screen.py).
/** @typedef {{load: () => Promise<Record<string, any>>, name: string}} LazyView */
/** @typedef {(main: HTMLElement, params: Record<string, string | undefined>, ctx: object) => any} View */
/** @type {(load: LazyView["load"], name: string) => LazyView} */
const lazy = (load, name) => ({ load, name });
const LAZY = {
  home: lazy(() => import("./views/home.js"), "homeView"),
  login: lazy(() => import("./views/login.js"), "loginView"),
  room: lazy(() => import("./views/room.js"), "roomView"),
  conversations: lazy(() => import("./views/conversations.js"), "conversationsView"),
  account: lazy(() => import("./views/account.js"), "accountView"),
  notices: lazy(() => import("./views/notices.js"), "noticesView"),
  plus: lazy(() => import("./views/plus.js"), "plusView"),
  suspended: lazy(() => import("./views/suspended.js"), "suspendedView"),
  moderation: lazy(() => import("./views/moderation.js"), "moderationView"),
  case: lazy(() => import("./views/moderation.js"), "caseView"),
  attestationReturn: lazy(() => import("./attestation.js"), "attestationReturnView"),
};

/** @typedef {{ChatSocket: any, NoticeFeed: any, Inbox: any, chime: () => void, applyTheme: () => void, closeProfile: () => void}} SessionKit */
/** @type {Promise<SessionKit> | null} */
let kitLoading = null;
/** @type {SessionKit | null} */
let kit = null;

/** The modules only a signed-in page uses, all asked for at once. */
function sessionKit() {
  kitLoading ??= Promise.all([
    import("./socket.js"),
    import("./notices.js"),
    import("./inbox.js"),
    import("./sound.js"),
    import("./views/plus.js"),
    import("./profile.js"),
    LAZY.home.load(),
  ]).then(
    ([socket, notices, inbox, sound, plus, profile]) =>
      (kit = {
        ChatSocket: socket.ChatSocket,
        NoticeFeed: notices.NoticeFeed,
        Inbox: inbox.Inbox,
        chime: sound.chime,
        applyTheme: plus.applyTheme,
        closeProfile: profile.closeProfile,
      }),
    (err) => {
      kitLoading = null; // a dropped connection: the next sign-in asks again
      throw err;
    },
  );
  return kitLoading;
}

/** The CSRF cookie is readable and set with the session's (both are
 * cleared on sign-out): its presence says GET /me will most likely answer
 * a user, so what the signed-in page needs can be asked for at once. */
function probablySignedIn() {
  return /(?:^|;\s*)(?:__Host-)?causerie_csrf=/.test(document.cookie);
}

/** @type {Array<[RegExp, View | LazyView, boolean, string[]?, string?]>} */
const ROUTES = [
  [/^#?\/?$/, LAZY.home, true],
  [/^#\/start$/, startView, false],
  [/^#\/login$/, LAZY.login, false],
  [/^#\/room\/([^/]+)$/, LAZY.room, true, ["id"]],
  [/^#\/conversations$/, LAZY.conversations, true],
  [/^#\/account$/, LAZY.account, true],
  [/^#\/attestation\/return(?:\?.*)?$/, LAZY.attestationReturn, true],
  [/^#\/notices$/, LAZY.notices, true],
  [/^#\/plus(?:\?.*)?$/, LAZY.plus, true],
  [/^#\/suspended$/, LAZY.suspended, true],
  [/^#\/moderation(?:\/(open|appeals|closed))?$/, LAZY.moderation, true, ["queue"], "staff"],
  [/^#\/moderation\/case\/([^/]+)$/, LAZY.case, true, ["id"], "staff"],
];
// What a suspended or banned account may still open: its notices (to read
// the statement of reasons and appeal) and the page that explains.
/** @type {Set<View | LazyView>} */
const SUSPENDED_OK = new Set([LAZY.notices, LAZY.suspended]);
let routing = 0; // the latest route() call; an older one whose view loads late gives way

const root = document.getElementById("app");
let cleanup = null;
let away = 0;

const ctx = {
  signedIn: async (user) => {
    await startSession(user);
    whenIdle(warmUp);
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
  reinstated: () => {
    // The socket, the inbox and their subscriptions were torn down with the
    // suspension: a fresh page rebuilds all of them in a known state.
    location.hash = "#/";
    location.reload();
  },
};

// -- shell ------------------------------------------------------------------

const main = h("main", { id: "main", tabindex: "-1" });
const navBadge = h("span", { class: "badge", hidden: true });
const noticeBadge = h("span", { class: "badge", hidden: true });
// A notice pushed live (a sanction, the outcome of a report) is announced
// here at once, whatever page is open.
const liveNotice = h("div", { class: "live-notice", role: "status", hidden: true });
const langSelect = h("select", { id: "lang", class: "lang" }, LANGUAGES.map(([code, name]) => h("option", { value: code }, name)));
const header = h("header", { class: "topbar" });

function renderShell() {
  langSelect.value = lang();
  const signed = Boolean(state.me);
  const suspended = signed && isSuspended(state.me);
  const link = (href, long, short, extra) =>
    h("a", { href, class: "nav-link" }, h("span", { class: "long" }, long), h("span", { class: "short", "aria-hidden": "true" }, short), extra);
  const icon = (src) => h("img", { src, alt: "", class: "nav-icon", width: "22", height: "22" });
  const navLinks = !signed
    ? []
    : suspended
      ? [link("#/notices", t("nav.notices"), icon("/bell.svg"), noticeBadge)]
      : [
          link("#/", t("nav.rooms"), t("nav.rooms")),
          link("#/conversations", t("nav.messages"), t("nav.messages.short"), navBadge),
          link("#/notices", t("nav.notices"), icon("/bell.svg"), noticeBadge),
          isStaff(state.me) ? link("#/moderation", t("nav.moderation"), icon("/shield.svg")) : null,
          link("#/account", t("nav.account"), h("span", { class: "me-initial" }, state.me.pseudo.slice(0, 1).toUpperCase())),
        ];
  replace(
    header,
    h("a", { class: "skip", href: "#main", onclick: skipToMain }, t("skip")),
    h("a", { class: "brand", href: signed ? "#/" : "#/start", "aria-label": "Causerie" }, h("span", { class: "logo", "aria-hidden": "true" }, "c"), h("span", { class: "brand-name" }, "Causerie")),
    signed ? h("nav", { "aria-label": t("nav.main") }, navLinks) : h("span", { class: "tagline" }, t("app.tagline")),
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
    const current = href === "#/" ? hash === "#/" || hash.startsWith("#/room/") : hash === href || hash.startsWith(href + "/");
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

langSelect.addEventListener("change", async () => {
  const code = langSelect.value;
  try {
    await setLang(code); // fetches that language's catalogue the first time
  } catch {
    langSelect.value = lang(); // offline: stay in the language we can show
    // ...and say so: a select that silently jumps back looks broken.
    showLive(h("p", {}, t("lang.failed")));
    return;
  }
  if (state.me) patch("/me", { language: code }).catch(() => {});
  renderShell();
  route();
});

function updateTitle() {
  const inboxCount = state.inbox ? state.inbox.attention() : 0;
  navBadge.hidden = inboxCount === 0;
  navBadge.textContent = String(inboxCount);
  navBadge.setAttribute("aria-label", t("conv.unread", { n: inboxCount }));
  const noticeCount = state.notices ? state.notices.unread() : 0;
  noticeBadge.hidden = noticeCount === 0;
  noticeBadge.textContent = String(noticeCount);
  noticeBadge.setAttribute("aria-label", t("notices.unread", { n: noticeCount }));
  const n = inboxCount + noticeCount + away;
  const base = document.title.replace(/^\(\d+\) /, "");
  document.title = n > 0 ? `(${n}) ${base}` : base;
}

// -- session ------------------------------------------------------------------

async function startSession(user) {
  const { ChatSocket, NoticeFeed, Inbox, chime, applyTheme } = await sessionKit();
  state.me = user;
  applyTheme();
  if (!state.socket) {
    state.socket = new ChatSocket();
    state.socket.addEventListener("ended", (event) => {
      if (event.detail.code === 4003) {
        onSuspended();
        return;
      }
      endSession();
      location.hash = "#/start";
    });
    state.socket.addEventListener("frame", onGlobalFrame);
  }
  // A suspended account's socket would be closed at once (4003): don't try.
  if (!isSuspended(user)) state.socket.start();
  // The notices, my blocks and my conversations are three independent
  // answers: asked together, one round trip instead of three (each of
  // them keeps its last state when its request fails).
  const loading = [];
  if (!state.notices) {
    state.notices = new NoticeFeed(state.socket);
    state.notices.addEventListener("change", updateTitle);
    loading.push(state.notices.start());
  }
  if (!state.inbox) {
    state.inbox = new Inbox(state.socket);
    state.inbox.addEventListener("change", updateTitle);
    // The optional chime (sound.js): something new for me while I look elsewhere.
    let heard = 0;
    state.inbox.addEventListener("change", () => {
      const now = state.inbox ? state.inbox.attention() : 0;
      if (now > heard && document.hidden) chime();
      heard = now;
    });
  }
  loading.push(
    get("/blocks").then(
      (blocks) => (state.blocked = new Set((blocks || []).map((b) => b.user_id))),
      () => (state.blocked = new Set()),
    ),
  );
  loading.push(state.inbox.start());
  await Promise.all(loading);
  renderShell();
}

/** The account was suspended or banned (socket closed with 4003, or a 403
 * account_suspended answer): reload who I am and show the page that says so. */
async function onSuspended() {
  if (!state.me) return;
  // Already on the page that says so: a background request refused with
  // account_suspended (the inbox's polling) must not build the page again,
  // which wiped an appeal being typed (a browser test caught it in CI).
  if (isSuspended(state.me) && location.hash === "#/suspended") return;
  try {
    state.me = await get("/me");
  } catch {
    return;
  }
  if (!isSuspended(state.me)) return;
  state.socket?.stop();
  // The suspended page follows the feed: its heading is redrawn from the
  // fresh state.me on the change this refresh brings.
  state.notices?.refresh();
  renderShell();
  // On #/suspended the page is up, or on its way (boot routes once the
  // session has started): building it again wiped an appeal being typed
  // when this answer came back after the page was shown (a 403 met while
  // the page still stood on #/, answered after boot had routed; the
  // moderator-console browser test failed on it in CI).
  if (location.hash !== "#/suspended") location.hash = "#/suspended";
}

window.addEventListener("causerie:suspended", onSuspended);

function onGlobalFrame(event) {
  const frame = event.detail;
  if (frame.type === "account") {
    refreshMe();
    return;
  }
  if (frame.type !== "notice" || !frame.detail) return;
  if (frame.room) {
    // Guidance about a conversation (e.g. a meeting proposal) may arrive
    // before its view is open: keep it so the view shows it when opened.
    state.roomNotices.set(frame.room, [...(state.roomNotices.get(frame.room) || []).filter((f) => f.code !== frame.code), frame]);
    return;
  }
  showLive(h("p", {}, frame.detail), h("a", { href: "#/notices", class: "button small", onclick: () => (liveNotice.hidden = true) }, t("notices.see")));
}

/** Shows `parts` in the live banner above every page, with a close button. */
function showLive(...parts) {
  const close = h("button", { type: "button", class: "icon-button close", "aria-label": t("profile.close"), onclick: () => (liveNotice.hidden = true) }, "×");
  replace(liveNotice, ...parts, close);
  liveNotice.hidden = false;
}

/** My account changed elsewhere (a role granted or withdrawn, also from the
 * operator's command line): reload who I am so the menus follow. */
async function refreshMe() {
  if (!state.me) return;
  try {
    state.me = await get("/me");
  } catch {
    return;
  }
  renderShell();
}

function endSession() {
  dropPrefetched();
  liveNotice.hidden = true;
  state.notices?.stop();
  state.notices = null;
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
  for (const [pattern, view, needsSession, names = [], who = "anyone"] of ROUTES) {
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
    if (state.me && isSuspended(state.me) && !SUSPENDED_OK.has(view)) {
      location.hash = "#/suspended";
      return;
    }
    if (view === LAZY.suspended && !isSuspended(state.me)) {
      location.hash = "#/";
      return;
    }
    if (who === "staff" && !isStaff(state.me)) {
      location.hash = "#/";
      return;
    }
    const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] === undefined ? undefined : decodeURIComponent(match[i + 1])]));
    const turn = ++routing;
    const show = (render) => {
      if (turn !== routing) return; // another route was asked for meanwhile
      if (cleanup) cleanup();
      kit?.closeProfile(); // (no profile card opens before the kit is there)
      document.title = "Causerie";
      markCurrentLink();
      cleanup = render(main, params, ctx) || null;
      updateTitle();
      window.scrollTo(0, 0);
    };
    if (typeof view === "function") {
      show(view);
    } else {
      view.load().then(
        (module) => show(module[view.name]),
        () => turn === routing && replace(main, h("p", { class: "alert", role: "alert" }, t("err.network"))),
      );
    }
    return;
  }
  location.hash = state.me ? "#/" : "#/start";
}

async function boot() {
  replace(root, header, liveNotice, main);
  const signedIn = probablySignedIn();
  if (signedIn) {
    // Asked while GET /me is on its way, not after it: the session kit
    // (from the cache on a return visit), what startSession() loads, and
    // the rooms home will show. One round trip instead of three in a row.
    sessionKit().catch(() => {});
    for (const path of ["/notices", "/blocks", "/conversations"]) prefetch(path);
    if (/^#?\/?$/.test(location.hash)) prefetch("/rooms");
  }
  try {
    // No CSRF cookie, no session (they come and go together): a new
    // visitor's start screen waits for no request of its own.
    if (signedIn) await startSession(await get("/me"));
  } catch (err) {
    // Answers asked for a session that is not there (an expired one) must
    // not be taken by the next one: its blocks, above all.
    dropPrefetched();
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
  whenIdle(warmUp);
}

/** Once a screen is up, fetch quietly what the next tap will need. Before
 * sign-in that is only the session kit (the sign-up's home page): the other
 * views would share a slow link with the city search of the form being
 * filled. Once signed in, every view. */
function warmUp() {
  sessionKit().catch(() => {});
  if (state.me) Object.values(LAZY).forEach((v) => v.load().catch(() => {}));
}

function whenIdle(task) {
  if ("requestIdleCallback" in window) requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 1500);
}

boot();
