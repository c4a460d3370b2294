// Home: themed rooms with live online counts | members nearby.
// Two columns on a desktop, tabs on a phone (the CSS decides which panel
// shows; the tabs only set data-tab on the container).

import { get, patch } from "../api.js";
import { h, replace } from "../dom.js";
import { explain, formAlert } from "../forms.js";
import { activityLabel, byActivity } from "../activity.js";
import { ago, t, themeLabel, tn } from "../i18n.js";
import { openProfile } from "../profile.js";
import { state } from "../store.js";

const ROOMS_REFRESH_MS = 15000;
const NEARBY_REFRESH_MS = 60000;
const BUCKETS = ["< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km"];
const UNAVAILABLE = new Set([404, 405, 501]);

function bucketLabel(bucket) {
  const index = BUCKETS.indexOf(bucket);
  return index >= 0 ? t(`nearby.bucket.${index}`) : bucket;
}

export function homeView(main) {
  let theme = sessionStorage.getItem("causerie.theme") || "";
  const container = h("div", { class: "home", dataset: { tab: sessionStorage.getItem("causerie.tab") || "rooms" } });

  const tabRooms = tab("rooms", t("home.rooms"));
  const tabNearby = tab("nearby", t("nearby.title"));
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": t("tabs.label") }, tabRooms, tabNearby);
  function tab(name, label) {
    const button = h("button", { type: "button", role: "tab", id: `tab-${name}`, "aria-controls": `panel-${name}`, onclick: () => select(name), onkeydown: arrows }, label);
    return button;
  }
  function select(name, focus = false) {
    container.dataset.tab = name;
    sessionStorage.setItem("causerie.tab", name);
    for (const b of [tabRooms, tabNearby]) {
      const on = b.id === `tab-${name}`;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
  }
  function arrows(event) {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      select(container.dataset.tab === "rooms" ? "nearby" : "rooms", true);
      event.preventDefault();
    }
  }

  const filters = h("div", { class: "chips", role: "group", "aria-label": t("home.filter") });
  // Not a live region: it is rebuilt every 15 s and a screen reader would
  // read the whole list again each time.
  const list = h("ul", { class: "room-list" });
  const roomsPanel = h(
    "section",
    { class: "panel column rooms-column", id: "panel-rooms", role: "tabpanel", "aria-labelledby": "rooms-title" },
    h("h2", { id: "rooms-title" }, t("home.rooms")),
    filters,
    list,
  );
  const nearbyBody = h("div", { class: "nearby-body" });
  const nearbyPanel = h(
    "section",
    { class: "panel column nearby-column", id: "panel-nearby", role: "tabpanel", "aria-labelledby": "nearby-title" },
    h("h2", { id: "nearby-title" }, t("nearby.title")),
    nearbyBody,
  );

  const me = state.me;
  const greeting = h(
    "div",
    { class: "greeting" },
    h("h1", {}, t("home.hello", { p: me.pseudo })),
    h("p", { class: "muted" }, t(me.band === "teen" ? "home.band.teen" : "home.band.adult")),
  );
  replace(main, h("div", { class: "home-wrap" }, greeting, tabs, replace(container, roomsPanel, nearbyPanel)));
  select(container.dataset.tab);

  function renderRooms() {
    const rooms = state.rooms;
    const themes = [...new Set(rooms.map((r) => r.theme).filter(Boolean))].sort((a, b) =>
      themeLabel(a).localeCompare(themeLabel(b)),
    );
    if (theme && !themes.includes(theme)) theme = "";
    replace(
      filters,
      ["", ...themes].map((name) =>
        h(
          "button",
          {
            type: "button",
            class: "chip",
            "aria-pressed": String(name === theme),
            onclick: () => {
              theme = name;
              sessionStorage.setItem("causerie.theme", theme);
              renderRooms();
            },
          },
          name ? themeLabel(name) : t("home.all"),
        ),
      ),
    );
    // Liveliest rooms first (recent messages, not only who is online now).
    const shown = rooms.filter((r) => !theme || r.theme === theme).sort(byActivity);
    if (!shown.length) {
      replace(list, h("li", { class: "empty" }, t("home.no_rooms")));
      return;
    }
    replace(
      list,
      shown.map((room) =>
        h(
          "li",
          {},
          h(
            "a",
            { class: "room-card", href: `#/room/${encodeURIComponent(room.id)}` },
            h("span", { class: "room-name" }, room.name),
            room.theme ? h("span", { class: "tag" }, themeLabel(room.theme)) : null,
            room.description ? h("span", { class: "room-desc" }, room.description) : null,
            h(
              "span",
              { class: `online${room.members_online > 0 ? " live" : ""}` },
              h("span", { class: "pulse", "aria-hidden": "true" }),
              t("home.online", { n: room.members_online ?? 0 }),
            ),
            h("span", { class: `activity${(room.recent_messages ?? 0) > 0 ? " busy" : ""}` }, activityLabel(room, { t, tn, ago })),
            room.requires === "age_attestation" ? h("span", { class: "tag warn" }, t("home.requires_attestation")) : null,
          ),
        ),
      ),
    );
  }

  async function loadRooms() {
    if (!navigator.onLine && state.rooms.length) return;
    try {
      const rooms = await get("/rooms");
      state.rooms = Array.isArray(rooms) ? rooms : [];
      renderRooms();
    } catch (err) {
      if (!state.rooms.length) replace(list, h("li", { class: "empty" }, explain(err)));
    }
  }

  async function loadNearby() {
    let people = null;
    let refusal = null;
    try {
      people = await get("/nearby?limit=50");
    } catch (err) {
      refusal = err;
    }
    if (refusal && UNAVAILABLE.has(refusal.status)) {
      replace(nearbyBody, h("p", { class: "notice" }, t("nearby.unavailable")));
      return;
    }
    // Teens get no nearby list unless the operator opens one: say so plainly
    // instead of offering a switch that would lead nowhere.
    if (refusal && refusal.body?.reason === "nearby_teens_off") {
      replace(nearbyBody, h("p", { class: "notice teen-off" }, t("nearby.teens_off")));
      return;
    }
    const alert = formAlert();
    const toggle = h("input", { type: "checkbox", role: "switch", id: "nearby-switch", checked: Boolean(state.me.nearby_visible), "aria-describedby": "nearby-explain" });
    toggle.addEventListener("change", async () => {
      toggle.disabled = true;
      try {
        state.me = { ...state.me, ...(await patch("/me", { nearby_visible: toggle.checked })) };
        await loadNearby();
      } catch (err) {
        toggle.checked = !toggle.checked;
        alert.show(explain(err));
        toggle.disabled = false;
      }
    });
    const optIn = h(
      "div",
      { class: "opt-in" },
      h("div", { class: "switch-row" }, toggle, h("label", { for: "nearby-switch" }, t("nearby.switch"))),
      h("p", { class: "hint", id: "nearby-explain" }, t("nearby.explain")),
      alert,
    );
    if (refusal) {
      const optedOut = refusal.code === "not_allowed" && (refusal.body?.reason === "nearby_opt_in" || !state.me.nearby_visible);
      replace(nearbyBody, optIn, h("p", { class: "muted" }, optedOut ? t("nearby.off") : explain(refusal)));
      return;
    }
    const rows = Array.isArray(people) ? people : [];
    replace(nearbyBody, optIn, rows.length ? groupedByDistance(rows) : h("p", { class: "muted" }, t("nearby.empty")));
  }

  // The server gives a distance bucket, never a number, and shuffles within
  // a bucket: the list shows buckets as groups and keeps the server's order.
  function groupedByDistance(rows) {
    const groups = new Map();
    for (const entry of rows) {
      const bucket = entry.distance || "";
      if (!groups.has(bucket)) groups.set(bucket, []);
      groups.get(bucket).push(entry);
    }
    return h(
      "div",
      { class: "nearby-groups" },
      [...groups].map(([bucket, entries], index) => {
        const id = `bucket-${index}`;
        return h(
          "section",
          { class: "bucket", "aria-labelledby": id },
          h("h3", { id }, bucketLabel(bucket)),
          h(
            "ul",
            { class: "people" },
            entries.map((entry) =>
              h(
                "li",
                {},
                h(
                  "button",
                  { type: "button", class: "person", onclick: () => openProfile(entry.user) },
                  h("span", { class: "avatar small", "aria-hidden": "true" }, (entry.user.pseudo || "?").slice(0, 1).toUpperCase()),
                  h("span", { class: "person-name" }, entry.user.pseudo),
                  h(
                    "span",
                    { class: "person-where" },
                    [entry.user.age ? t("profile.age", { n: entry.user.age }) : null, entry.city?.name].filter(Boolean).join(" · "),
                  ),
                ),
              ),
            ),
          ),
        );
      }),
    );
  }

  if (state.rooms.length) renderRooms();
  loadRooms();
  loadNearby();
  const timer = setInterval(loadRooms, ROOMS_REFRESH_MS);
  // Nearby is rate-limited per account (20 a minute): once a minute is plenty.
  const nearbyTimer = setInterval(() => {
    if (document.visibilityState === "visible" && !document.querySelector("dialog[open]")) loadNearby();
  }, NEARBY_REFRESH_MS);
  return () => {
    clearInterval(timer);
    clearInterval(nearbyTimer);
  };
}
