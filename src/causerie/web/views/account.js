// My account: keep the pseudo with a password, settings, blocked members,
// my data (export, erasure), log out.

import { del, delWith, get, getFile, patch, post } from "../api.js";
import { attestationPanel } from "../attestation.js";
import { cityInput } from "../city.js";
import { h, replace } from "../dom.js";
import { busy, explain, field, formAlert, setFieldError } from "../forms.js";
import { locale, t } from "../i18n.js";
import { state } from "../store.js";
import { SCHEMES, schemeChoice, setScheme } from "../scheme.js";
import { setSound, soundOn } from "../sound.js";
import { progressOf } from "../trust.js";
import { disablePush, enablePush, pushPermission, pushSupported, serverSubscription } from "../push.js";

export function accountView(main, _params, ctx) {
  const me = state.me;
  const registered = Boolean(me.has_password ?? me.registered ?? false);
  const summary = h(
    "section",
    { class: "panel profile-summary", "aria-labelledby": "account-title" },
    h("div", { class: "card-head" }, h("span", { class: "avatar", "aria-hidden": "true" }, me.pseudo.slice(0, 1).toUpperCase()), h("h1", { id: "account-title" }, me.pseudo)),
    h(
      "p",
      { class: "facts" },
      factsOf(me),
    ),
    h("p", { class: "muted" }, registered ? t("account.registered") : t("account.guest"), me.trust_level !== undefined ? ` · ${t("account.trust", { n: me.trust_level })}` : ""),
  );

  const sections = [summary, trust()];
  let privacy = myData(main, ctx);
  // A guest who just chose a password must give it to erase the account.
  const upgraded = () => {
    const fresh = myData(main, ctx);
    privacy.replaceWith(fresh);
    privacy = fresh;
  };
  if (!registered) sections.push(upgradeForm(upgraded));
  sections.push(settings(), notifications(), cityForm(summary), ageCheck(), blocks(), sessionsPanel(), privacy);
  if (me.band !== "teen") sections.push(h("section", { class: "panel" }, h("h2", {}, t("plus.title")), h("p", {}, me.premium ? t("plus.active") : t("plus.teaser")), h("a", { href: "#/plus", class: "button" }, t("plus.open"))));
  const logout = h("button", { type: "button", class: "button" }, t("nav.logout"));
  // A shared phone must not keep ringing for an account logged out of it.
  logout.addEventListener("click", () => busy(logout, () => disablePush().catch(() => {}).then(() => ctx.signOut())));
  sections.push(h("p", { class: "legal-links" }, h("a", { href: "/legal.html" }, t("legal.pages_link")), " · ", h("a", { href: "/notice.html" }, t("legal.notice_link"))));
  sections.push(h("div", { class: "actions end" }, logout));
  replace(main, h("div", { class: "narrow stack" }, sections));
  // capabilities and next_level come with GET /me only (not PATCH): refresh.
  get("/me").then(
    (fresh) => {
      state.me = fresh;
      const old = sections[1];
      if (old.isConnected) old.replaceWith(trust());
    },
    () => {},
  );
}

// Everything an account may be able to do, in the order people meet them.
const CAPABILITIES = ["post_public", "open_private", "post_links", "higher_send_rate", "nearby", "adult_rooms"];

/** What I can do now, and how to unlock more (GET /me capabilities, next_level). */
function trust() {
  const me = state.me;
  const section = h("section", { class: "panel stack trust", "aria-labelledby": "trust-title" }, h("h2", { id: "trust-title" }, t("trust.title")));
  if (!Array.isArray(me.capabilities)) {
    section.append(h("p", { class: "muted" }, t("account.trust", { n: me.trust_level ?? 0 })));
    return section;
  }
  const can = new Set(me.capabilities);
  const shown = CAPABILITIES.filter((c) => c !== "adult_rooms" || me.band === "adult");
  section.append(
    h(
      "ul",
      { class: "capabilities" },
      shown.map((c) =>
        h("li", { class: can.has(c) ? "yes" : "no" }, h("span", { class: "mark", "aria-hidden": "true" }, can.has(c) ? "✓" : "–"), h("span", {}, t(`cap.${c}`)), h("span", { class: "sr-only" }, can.has(c) ? t("trust.yes") : t("trust.not_yet"))),
      ),
    ),
  );
  if (!can.has("adult_rooms") && me.band === "adult" && !me.age_attested) section.append(h("p", { class: "hint" }, t("trust.adult_rooms_how")));
  const next = me.next_level;
  if (next && next.how === "time_and_messages") {
    section.append(h("h3", {}, t("trust.next", { n: next.level })), ...(progressOf(next) || []));
    if ((next.unlocks || []).length) section.append(h("p", {}, t("trust.unlocks", { list: next.unlocks.map((u) => t(`cap.${u}`).toLowerCase()).join(", ") })));
  } else if (next && next.how === "sanction_in_force") {
    section.append(h("p", { class: "notice" }, next.locked_until ? t("trust.locked_until", { d: dateTime(next.locked_until) }) : t("trust.locked")));
  } else if (!next) {
    section.append(h("p", { class: "muted" }, t("trust.top")));
  }
  return section;
}

function dateTime(ts) {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return ts;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short" }).format(date);
}

/** Moving city: the same autocomplete as at sign-up; a few changes a day. */
function cityForm(summary) {
  const city = cityInput();
  const cityField = field(t("field.city"), city, t("account.city_hint", { c: state.me.city?.name || "" }));
  const alert = formAlert();
  const saved = h("p", { class: "success", role: "status", hidden: true });
  const submit = h("button", { type: "submit", class: "button" }, t("account.city_submit"));
  const form = h("form", { class: "stack", novalidate: true }, cityField, alert, saved, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setFieldError(cityField, "");
    alert.show("");
    saved.hidden = true;
    const value = city.value();
    if (!value) {
      setFieldError(cityField, t("err.required"));
      return city.input.focus();
    }
    busy(submit, async () => {
      try {
        state.me = { ...state.me, ...(await patch("/me", { city: value })) };
        saved.textContent = t("account.city_saved", { c: state.me.city?.name || "" });
        saved.hidden = false;
        const facts = summary.querySelector(".facts");
        if (facts) facts.textContent = factsOf(state.me);
        city.input.value = "";
      } catch (err) {
        if (err.code === "unknown_city" || err.code === "invalid") setFieldError(cityField, explain(err));
        else alert.show(explain(err));
      }
    });
  });
  return h("section", { class: "panel", "aria-labelledby": "city-title" }, h("h2", { id: "city-title" }, t("account.city_title")), h("p", { class: "muted" }, t("account.city_lead")), form);
}

function factsOf(me) {
  return [t(`gender.${me.gender}`), t("profile.age", { n: me.age }), me.city?.name, t(me.band === "teen" ? "band.teen" : "band.adult")].filter(Boolean).join(" · ");
}

/** Age attestation: done, or how to do it. */
function ageCheck() {
  // The adult check is for adults: a 15-17 account never sees it.
  if (state.me.band === "teen") return null;
  if (state.me.age_attested) {
    return h("section", { class: "panel", "aria-labelledby": "attested-title" }, h("h2", { id: "attested-title" }, t("attest.title")), h("p", { class: "success" }, t("attest.already")));
  }
  return attestationPanel({ lead: t("attest.account_lead") });
}

function upgradeForm(onUpgraded) {
  const password = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: "8" });
  const email = h("input", { type: "email", autocomplete: "email" });
  const pwField = field(t("field.password"), password);
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button primary" }, t("account.upgrade_submit"));
  const form = h("form", { class: "stack", novalidate: true }, pwField, field(t("field.email"), email), alert, submit);
  const section = h("section", { class: "panel", "aria-labelledby": "upgrade-title" }, h("h2", { id: "upgrade-title" }, t("account.upgrade")), h("p", { class: "muted" }, t("account.upgrade_lead")), form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setFieldError(pwField, password.value ? "" : t("err.required"));
    if (!password.value) return password.focus();
    busy(submit, async () => {
      try {
        const body = { password: password.value };
        if (email.value.trim()) body.email = email.value.trim();
        state.me = await post("/accounts", body);
        replace(section, h("p", { class: "success", role: "status" }, t("account.upgraded")));
        onUpgraded();
      } catch (err) {
        if (err.code === "invalid" || err.code === "password_too_weak") setFieldError(pwField, explain(err));
        else alert.show(explain(err));
      }
    });
  });
  return section;
}

function settings() {
  const saved = h("p", { class: "muted", role: "status" });
  const alert = formAlert();
  const dm = h("select", {}, ["everyone", "nobody"].map((v) => h("option", { value: v }, t(`dm_requests.${v}`))));
  dm.value = state.me.dm_requests || "everyone";
  dm.addEventListener("change", () => save({ dm_requests: dm.value }));
  const nearby = h("input", { type: "checkbox", role: "switch", id: "account-nearby", checked: Boolean(state.me.nearby_visible) });
  const bio = h("textarea", { id: "account-bio", rows: "3", maxlength: "500", "aria-describedby": "account-bio-hint" });
  bio.value = state.me.bio || "";
  const bioSave = h("button", { type: "button", class: "button small" }, t("account.bio_save"));
  bioSave.addEventListener("click", () => busy(bioSave, () => save({ bio: bio.value })));
  // Off cuts both ways: I send no read receipts and see nobody's.
  const receipts = h("input", { type: "checkbox", role: "switch", id: "account-receipts", checked: state.me.read_receipts !== false });
  receipts.addEventListener("change", () => save({ read_receipts: receipts.checked }));
  // Appearance and sound stay on this device (localStorage), not the account.
  const scheme = h("select", {}, SCHEMES.map((v) => h("option", { value: v }, t(`scheme.${v}`))));
  scheme.value = schemeChoice();
  scheme.addEventListener("change", () => setScheme(scheme.value));
  const sound = h("input", { type: "checkbox", role: "switch", id: "account-sound", checked: soundOn() });
  sound.addEventListener("change", () => setSound(sound.checked));
  nearby.addEventListener("change", () => save({ nearby_visible: nearby.checked }));
  async function save(change) {
    saved.textContent = "";
    alert.show("");
    try {
      state.me = { ...state.me, ...(await patch("/me", change)) };
      saved.textContent = t("account.saved");
    } catch (err) {
      alert.show(explain(err));
    }
  }
  return h(
    "section",
    { class: "panel stack", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, t("account.settings")),
    h("label", { for: "account-bio" }, t("account.bio")),
    bio,
    h("p", { class: "hint", id: "account-bio-hint" }, t("account.bio_hint")),
    h("div", {}, bioSave),
    field(t("account.dm_requests"), dm),
    h("div", { class: "switch-row" }, receipts, h("label", { for: "account-receipts" }, t("account.read_receipts"))),
    h("p", { class: "hint" }, t("account.read_receipts_hint")),
    h("div", { class: "switch-row" }, nearby, h("label", { for: "account-nearby" }, t("nearby.switch"))),
    h("p", { class: "hint" }, state.me.band === "teen" ? t("nearby.teens_off") : t("nearby.explain")),
    field(t("scheme.label"), scheme),
    h("div", { class: "switch-row" }, sound, h("label", { for: "account-sound" }, t("sound.label"))),
    saved,
    alert,
  );
}

/** Web Push on this device: opt-in, off again, and a teen's night choice. */
function notifications() {
  const teen = state.me.band === "teen";
  const status = h("p", { class: "muted", role: "status" });
  const alert = formAlert();
  const on = h("input", { type: "checkbox", role: "switch", id: "account-push", disabled: true });
  const night = h("input", { type: "checkbox", role: "switch", id: "account-push-night", disabled: true });
  const nightRow = teen ? h("div", { class: "switch-row" }, night, h("label", { for: "account-push-night" }, t("push.night"))) : null;
  const section = h(
    "section",
    { class: "panel stack", "aria-labelledby": "push-title" },
    h("h2", { id: "push-title" }, t("push.title")),
    h("div", { class: "switch-row" }, on, h("label", { for: "account-push" }, t("push.switch"))),
    h("p", { class: "hint" }, t("push.lock_screen")),
    nightRow,
    teen ? h("p", { class: "hint" }, t("push.night_hint")) : null,
    status,
    alert,
  );
  if (!pushSupported()) {
    status.textContent = t("push.unsupported");
    return section;
  }
  const blocked = () => {
    on.checked = false;
    on.disabled = true;
    status.textContent = t("push.blocked");
  };
  const show = (known) => {
    on.checked = Boolean(known);
    night.checked = Boolean(known?.at_night);
    night.disabled = !known;
    on.disabled = false;
  };
  if (pushPermission() === "denied") blocked();
  else serverSubscription().then(show, () => show(null));
  async function change(enable, atNight) {
    alert.show("");
    status.textContent = "";
    on.disabled = night.disabled = true;
    try {
      if (!enable) {
        await disablePush();
        show(null);
      } else if ((await enablePush(atNight)) === "denied") {
        return blocked();
      } else {
        show({ at_night: atNight });
      }
      status.textContent = t("account.saved");
    } catch (err) {
      alert.show(explain(err));
      serverSubscription().then(show, () => show(null));
    }
  }
  on.addEventListener("change", () => change(on.checked, night.checked));
  night.addEventListener("change", () => change(true, night.checked));
  return section;
}

function blocks() {
  const list = h("ul", { class: "block-list" });
  const section = h("section", { class: "panel", "aria-labelledby": "blocks-title" }, h("h2", { id: "blocks-title" }, t("account.blocks")), list);
  async function load() {
    let rows = [];
    try {
      rows = await get("/blocks");
    } catch {
      rows = [];
    }
    state.blocked = new Set(rows.map((r) => r.user_id));
    if (!rows.length) {
      replace(list, h("li", { class: "muted" }, t("account.no_blocks")));
      return;
    }
    replace(
      list,
      rows.map((row) => {
        const unblock = h("button", { type: "button", class: "button small" }, t("account.unblock"));
        unblock.addEventListener("click", () =>
          busy(unblock, async () => {
            try {
              await del(`/blocks/${encodeURIComponent(row.user_id)}`);
            } finally {
              await load();
            }
          }),
        );
        return h("li", {}, h("span", {}, row.pseudo), unblock);
      }),
    );
  }
  load();
  return section;
}

/** Where I am signed in (GET /sessions); signing one out ends its token and
 * closes its live connections at once. This device signs out with the
 * logout button below. */
function sessionsPanel() {
  const list = h("ul", { class: "session-list" });
  const section = h("section", { class: "panel", "aria-labelledby": "sessions-title" }, h("h2", { id: "sessions-title" }, t("sessions.title")), h("p", { class: "muted" }, t("sessions.lead")), list);
  async function load() {
    let rows = [];
    try {
      rows = await get("/sessions");
    } catch {
      rows = [];
    }
    replace(
      list,
      rows.map((s) => {
        const what = deviceOf(s.user_agent);
        const when = new Date(s.last_seen_at).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
        const label = h("span", { class: "session-what" }, h("strong", {}, what), h("span", { class: "muted" }, s.current ? t("sessions.current") : t("sessions.seen", { when })));
        if (s.current) return h("li", { class: "current" }, label);
        const end = h("button", { type: "button", class: "button small", "aria-label": t("sessions.revoke_label", { what, when }) }, t("sessions.revoke"));
        end.addEventListener("click", () =>
          busy(end, async () => {
            try {
              await del(`/sessions/${encodeURIComponent(s.id)}`);
            } finally {
              await load();
            }
          }),
        );
        return h("li", {}, label, end);
      }),
    );
  }
  load();
  return section;
}

/** "Firefox · Android" from a User-Agent: enough to recognise a device. */
function deviceOf(agent) {
  if (!agent) return t("sessions.unknown");
  const browsers = [["Edg/", "Edge"], ["Firefox/", "Firefox"], ["Chrome/", "Chrome"], ["Safari/", "Safari"]];
  const systems = [["Android", "Android"], ["iPhone", "iPhone"], ["iPad", "iPad"], ["Windows", "Windows"], ["Mac OS", "macOS"], ["Linux", "Linux"]];
  const browser = browsers.find(([mark]) => agent.includes(mark));
  const system = systems.find(([mark]) => agent.includes(mark));
  if (!browser && !system) return agent.slice(0, 40);
  return [browser?.[1], system?.[1]].filter(Boolean).join(" · ");
}

/** My data (invariant 10, GDPR): a copy of everything, or erasure. Also on
 * the suspended page: a suspended or banned member keeps both rights. */
export function myData(main, ctx) {
  const section = h("section", { class: "panel stack my-data", "aria-labelledby": "my-data-title" }, h("h2", { id: "my-data-title" }, t("privacy.title")), h("p", { class: "muted" }, t("privacy.lead")));
  section.append(exportPart(), erasePart(main, ctx, section));
  return section;
}

function exportPart() {
  const status = h("p", { class: "muted", role: "status" });
  // Bytes received, for the eyes only: a live region re-read at every chunk
  // would drown a screen reader.
  const progress = h("span", { class: "export-progress", "aria-hidden": "true" });
  const alert = formAlert();
  const button = h("button", { type: "button", class: "button" }, t("privacy.export_button"));
  button.addEventListener("click", () => {
    alert.show("");
    status.className = "muted";
    status.textContent = t("privacy.export_busy");
    progress.textContent = "";
    busy(button, async () => {
      try {
        const { blob, filename } = await getFile("/me/export", (bytes) => (progress.textContent = t("privacy.export_received", { size: size(bytes) })));
        saveFile(blob, filename);
        status.className = "success";
        status.textContent = t("privacy.export_done", { file: filename });
      } catch (err) {
        status.textContent = "";
        alert.show(explain(err));
      } finally {
        progress.textContent = "";
      }
    });
  });
  return h("div", { class: "stack" }, h("h3", {}, t("privacy.export_title")), h("p", {}, t("privacy.export_lead")), h("div", { class: "actions" }, button, progress), status, alert);
}

function size(bytes) {
  const mega = bytes >= 1_000_000;
  const format = new Intl.NumberFormat(locale(), { style: "unit", unit: mega ? "megabyte" : "kilobyte", maximumFractionDigits: 1 });
  return format.format(mega ? bytes / 1_000_000 : Math.max(0.1, bytes / 1000));
}

/** Hands a blob to the browser's downloads through a temporary <a download>. */
function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the URL after click() returns: revoking it at once
  // can cancel it in some browsers. A few seconds later it is safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Erasure: what happens in plain words, then the pseudo typed as the
 * confirmation (and the password, for password accounts). */
function erasePart(main, ctx, section) {
  const me = state.me;
  const hasPassword = Boolean(me.has_password ?? me.registered ?? false);
  const target = me.pseudo.normalize("NFC");
  const confirm = h("input", { type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false", maxlength: "24" });
  const confirmField = field(t("privacy.erase_confirm"), confirm, t("privacy.erase_confirm_hint", { p: me.pseudo }));
  const password = hasPassword ? h("input", { type: "password", autocomplete: "current-password" }) : null;
  const passwordField = password ? field(t("privacy.erase_password"), password) : null;
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button danger", disabled: true, "aria-describedby": `${confirm.id}-hint` }, t("privacy.erase_button"));
  const typed = () => confirm.value.trim().normalize("NFC");
  // Disabled until the pseudo matches: erasing takes a deliberate act.
  const sync = () => (submit.disabled = typed() !== target);
  confirm.addEventListener("input", sync);

  const form = h("form", { class: "stack", novalidate: true }, confirmField, passwordField, alert, h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alert.show("");
    setFieldError(confirmField, "");
    if (passwordField) setFieldError(passwordField, "");
    if (typed() !== target) {
      setFieldError(confirmField, t("err.confirm_mismatch"));
      return confirm.focus();
    }
    if (password && !password.value) {
      setFieldError(passwordField, t("err.required"));
      return password.focus();
    }
    const body = { confirm: typed() };
    if (password) body.password = password.value;
    let erased = false;
    await busy(submit, async () => {
      try {
        await delWith("/me", body);
        erased = true;
      } catch (err) {
        if (err.code === "confirm_mismatch") {
          setFieldError(confirmField, explain(err));
          confirm.focus();
        } else if (err.code === "wrong_password" && passwordField) {
          setFieldError(passwordField, explain(err));
          password.select();
        } else {
          alert.show(explain(err));
        }
      }
    });
    if (erased) await leave(main, ctx, me, section);
    else sync();
  });

  return h(
    "div",
    { class: "stack danger-zone" },
    h("h3", {}, t("privacy.erase_title")),
    h("ul", { class: "erase-facts" }, ["messages", "account", "everywhere", "final", "kept"].map((k) => h("li", {}, t(`privacy.erase_${k}`)))),
    form,
  );
}

/** After erasure: nothing of the account stays in this browser, and the
 * start page says it is done. */
async function leave(main, ctx, me, section) {
  forgetLocally(me.id);
  state.blocked = new Set();
  state.roomNotices.clear();
  const note = h("p", { class: "success farewell", role: "status" });
  const show = () => {
    main.prepend(note);
    // Filled once in the page: a live region announces changes, not its birth.
    setTimeout(() => (note.textContent = t("privacy.erased")), 50);
  };
  // The router owns <main> and draws the start page on the next hashchange;
  // listeners run in the order they were added, so this one runs after it.
  let routed = false;
  const onRoute = () => {
    routed = true;
    window.removeEventListener("hashchange", onRoute);
    if (location.hash === "#/start") show();
  };
  window.addEventListener("hashchange", onRoute);
  // The session is already gone server-side (signOut's logout call just
  // fails); what matters is the local end of the session.
  await ctx.signOut();
  // The server also closed the socket: its "ended" handler may have drawn
  // the start page before, and then no hashchange is coming.
  if (!routed && !section.isConnected && location.hash === "#/start") onRoute();
}

/** Drops what this browser kept about the account: read marks (per room,
 * per notice feed) and the tab's session state. The language is the
 * device's choice and stays. */
function forgetLocally(userId) {
  const drop = (storage, doomed) => {
    try {
      const keys = [];
      for (let i = 0; i < storage.length; i += 1) keys.push(storage.key(i));
      for (const key of keys) if (key && doomed(key)) storage.removeItem(key);
    } catch {
      /* storage disabled: nothing was kept */
    }
  };
  drop(localStorage, (key) => key.startsWith(`causerie.seen.${userId}.`) || key === `causerie.notices.seen.${userId}`);
  drop(sessionStorage, (key) => key.startsWith("causerie."));
}
