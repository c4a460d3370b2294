// Moderation pages (moderators and admins; the server answers 404 to
// anyone else): the queue, the appeals queue, closed cases, the DSA
// transparency report, the audit chain's state, and one case with its
// content, context, the accounts' history, the signals and the action form.

import { get, post } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { moderationPhoto } from "../images.js";
import { busy, explain, field, formAlert, setFieldError } from "../forms.js";
import { has, lang, loadPart, locale, t } from "../i18n.js";
import { modelCategory } from "../signal-names.js";
import { state } from "../store.js";
import { transparencyPanel } from "./transparency.js";

// The console's words are a part of the catalogue of their own (i18n.js).
await loadPart("moderation");

const QUEUES = [
  ["open", "/moderation/cases?status=open", "mod.queue.open"],
  ["appeals", "/moderation/cases?status=open&kind=appeal", "mod.queue.appeals"],
  ["closed", "/moderation/cases?status=closed", "mod.queue.closed"],
];
const ACTIONS = ["dismiss", "delete_message", "warn", "mute", "suspend", "ban", "lift", "escalate"];
// An appeal is granted (the decision is lifted) or rejected (dismissed).
const APPEAL_ACTIONS = ["lift", "dismiss"];
const NEEDS_DURATION = new Set(["mute"]);
const TAKES_DURATION = new Set(["mute", "suspend"]);
const REFRESH_MS = 20000;

export function moderationView(main, { queue = "open" }) {
  const which = QUEUES.find(([name]) => name === queue) || QUEUES[0];
  const audit = h("div", { class: "audit-status", "aria-live": "polite" });
  const list = h("div", { class: "case-list-wrap", "aria-live": "polite" });
  const links = QUEUES.map(([name, , label]) =>
    h("a", { class: "chip", href: name === "open" ? "#/moderation" : `#/moderation/${name}`, "aria-current": name === which[0] ? "page" : null, onclick: backToQueue }, t(label)),
  );
  // The report is a tab of this page rather than a route of its own: it
  // shows a document, not a queue, and the router stays as it is.
  const reportTab = h("button", { type: "button", class: "chip", "aria-pressed": "false", onclick: showReport }, t("mod.queue.transparency"));
  const nav = h("nav", { class: "chips", "aria-label": t("mod.queues") }, links, reportTab);
  const queuePanel = h("section", { class: "panel", "aria-labelledby": "queue-title" }, h("h2", { id: "queue-title" }, t(which[2])), h("p", { class: "hint" }, t(`mod.lead.${which[0]}`)), list);
  const slot = h("div", {}, queuePanel);
  let showingReport = false;
  replace(main, h("div", { class: "moderation stack" }, h("div", { class: "mod-head" }, h("h1", {}, t("mod.title")), audit), nav, slot));

  function showReport() {
    showingReport = true;
    reportTab.setAttribute("aria-pressed", "true");
    for (const link of links) link.removeAttribute("aria-current");
    replace(slot, transparencyPanel());
  }

  function backToQueue(event) {
    if (!showingReport) return;
    // The queue's own link does not change the address: no route runs.
    if (event.currentTarget.getAttribute("href") !== (location.hash || "#/moderation")) return;
    event.preventDefault();
    showingReport = false;
    reportTab.setAttribute("aria-pressed", "false");
    event.currentTarget.setAttribute("aria-current", "page");
    replace(slot, queuePanel);
    load();
  }

  async function load() {
    if (showingReport) return;
    try {
      let cases = await get(which[1]);
      cases = Array.isArray(cases) ? cases : [];
      // The appeals have their own queue, decided by another moderator.
      if (which[0] === "open") cases = cases.filter((c) => c.kind !== "appeal");
      renderQueue(list, cases);
    } catch (err) {
      replace(list, h("p", { class: "alert", role: "alert" }, explain(err)));
    }
  }
  loadAudit(audit);
  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

async function loadAudit(box) {
  try {
    const result = await get("/moderation/audit/verify");
    replace(
      box,
      result.intact
        ? h("p", { class: "audit ok" }, t("mod.audit.ok", { n: result.entries }))
        : h("p", { class: "audit bad", role: "alert" }, t("mod.audit.bad", { e: result.first_bad || "?" })),
    );
  } catch (err) {
    replace(box, err.status === 404 ? null : h("p", { class: "audit unknown" }, t("mod.audit.unknown")));
  }
}

function renderQueue(list, cases) {
  if (!cases.length) {
    replace(list, h("p", { class: "empty" }, t("mod.queue.empty")));
    return;
  }
  replace(list, h("ol", { class: "case-list" }, cases.map((c) => h("li", {}, caseRow(c)))));
}

// One row: who it is about and what they wrote come first — a moderator
// scans pseudos and words, not ids — then severity, reasons, age, sources.
function caseRow(c) {
  const who = c.subject_pseudo || (c.kind === "appeal" ? "" : t("mod.row.unknown_subject"));
  const sources = c.source_count ?? 1;
  return h(
    "a",
    { class: "case-row", href: `#/moderation/case/${encodeURIComponent(c.id)}` },
    severityBadge(c.severity),
    h(
      "span",
      { class: "case-what" },
      h("span", { class: "case-who" }, who ? h("strong", { class: "case-pseudo" }, who) : null, h("span", { class: "case-kind" }, who ? " · " : "", label("mod.kind", c.kind), " · ", label("mod.target", c.target?.type))),
      c.excerpt ? h("span", { class: "case-excerpt" }, `« ${c.excerpt} »`) : null,
      h("span", { class: "case-reasons" }, (c.reasons || []).map((r) => reasonLabel(r)).join(", ")),
    ),
    h(
      "span",
      { class: "case-side" },
      c.escalated ? h("span", { class: "tag warn" }, t("mod.escalated")) : null,
      sources > 1 ? h("span", { class: "tag sources" }, t("mod.row.sources", { n: sources })) : null,
      h("time", { class: "case-age", datetime: c.created_at }, ago(c.created_at)),
    ),
  );
}

// -- one case ---------------------------------------------------------------------

export function caseView(main, { id }) {
  const body = h("div", { class: "case stack" }, h("p", { class: "muted" }, t("notices.loading")));
  replace(main, h("div", { class: "moderation" }, h("a", { class: "back", href: "#/moderation" }, "← ", t("mod.back")), body));
  let closed = false;

  async function load(flash) {
    let detail;
    try {
      detail = await get(`/moderation/cases/${encodeURIComponent(id)}`);
    } catch (err) {
      replace(body, h("p", { class: "alert", role: "alert" }, err.status === 404 ? t("mod.case.not_found") : explain(err)));
      return;
    }
    const rules = await loadRules();
    if (closed) return;
    renderCase(body, detail, rules, flash, load);
  }
  load();
  return () => {
    closed = true;
  };
}

function renderCase(body, c, rules, flash, reload) {
  const appeal = c.kind === "appeal";
  const head = h(
    "header",
    { class: "case-head" },
    severityBadge(c.severity),
    h("h1", {}, label("mod.kind", c.kind), " · ", label("mod.target", c.target?.type)),
    h("span", { class: `tag ${c.status === "open" ? "" : "closed"}` }, label("mod.status", c.status)),
    c.escalated ? h("span", { class: "tag warn" }, t("mod.escalated")) : null,
  );
  const meta = h("p", { class: "muted" }, t("mod.opened", { d: dateTime(c.created_at) }), " · ", (c.reasons || []).map(reasonLabel).join(", "));
  const sections = [head, meta];
  if (flash) sections.push(h("p", { class: "success", role: "status" }, flash));
  if (appeal && c.appeal) sections.push(appealSection(c));
  sections.push(contentSection(c));
  if (c.target?.type === "image") sections.push(moderationPhoto(c.target.id)); // docs/media.md
  if (c.sources && c.sources.length > 1) sections.push(sourcesSection(c));
  if (c.conversation && c.conversation.length) sections.push(conversationSection(c));
  else if (c.context && c.context.length) sections.push(contextSection(c));
  if (c.reports && c.reports.length) sections.push(reportsSection(c));
  const outside = (c.evidence || []).map((e) => e.content?.notice).filter(Boolean);
  if (outside.length) sections.push(outsideNotices(outside)); // DSA art. 16, docs/legal.md
  sections.push(signalsSection(c));
  sections.push(accountsSection(c));
  if (c.actions && c.actions.length) sections.push(actionsTaken(c));
  const bundles = (c.evidence || []).filter((e) => e.kind === "bundle").length;
  const held = (c.evidence || []).filter((e) => e.legal_hold).length;
  if (c.evidence && c.evidence.length) sections.push(h("p", { class: "hint" }, t("mod.evidence", { n: c.evidence.length, held, bundles })));
  if (c.status === "open" || c.status === "closed") sections.push(actionForm(c, rules, reload));
  replace(body, sections);
}

function panel(titleKey, ...children) {
  const id = uid("sec");
  return h("section", { class: "panel case-section", "aria-labelledby": id }, h("h2", { id }, t(titleKey)), children);
}

function contentSection(c) {
  const content = c.content;
  if (!content) return panel("mod.content", h("p", { class: "muted" }, t("mod.no_content")));
  if (content.type === "message" || content.text !== undefined) {
    return panel(
      "mod.content",
      h(
        "blockquote",
        { class: `evidence-msg target${content.deleted ? " deleted" : ""}` },
        h("p", { class: "meta" }, h("strong", {}, content.author_pseudo || "?"), content.ts ? ` · ${dateTime(content.ts)}` : "", content.deleted ? ` · ${t("mod.deleted")}` : ""),
        h("p", { class: "text" }, content.text ?? ""),
      ),
    );
  }
  const facts = [];
  if (content.pseudo) facts.push(h("dt", {}, t("field.pseudo")), h("dd", {}, content.pseudo));
  if (content.name) facts.push(h("dt", {}, t("mod.room_name")), h("dd", {}, content.name));
  if (content.bio) facts.push(h("dt", {}, t("mod.bio")), h("dd", {}, content.bio));
  return panel("mod.content", facts.length ? h("dl", { class: "notice-facts" }, facts) : h("p", { class: "muted" }, t("mod.no_content")));
}

function contextSection(c) {
  const targetId = c.content?.id;
  return panel(
    "mod.context",
    h(
      "ol",
      { class: "evidence-log" },
      c.context.map((m) =>
        h(
          "li",
          { class: `evidence-msg${m.id === targetId ? " target" : ""}${m.deleted ? " deleted" : ""}` },
          h("p", { class: "meta" }, h("strong", {}, m.author_pseudo || "?"), " · ", timeOnly(m.ts), m.id === targetId ? ` · ${t("mod.reported_one")}` : ""),
          h("p", { class: "text" }, m.text ?? ""),
        ),
      ),
    ),
  );
}

function reportsSection(c) {
  return panel(
    "mod.reports",
    h(
      "ul",
      { class: "plain-list" },
      c.reports.map((r) =>
        h("li", {}, h("strong", {}, r.reporter?.pseudo || t("mod.reporter", { n: r.reporter?.label ?? "?" })), " — ", reasonLabel(r.reason), " · ", dateTime(r.created_at), r.details ? h("p", { class: "quote" }, r.details) : null),
      ),
    ),
  );
}

// Notices from outside the service: where, why, and whether a trusted
// flagger sent it (the notifier's name and address are not shown).
function outsideNotices(items) {
  return panel(
    "mod.outside_notices",
    h(
      "ul",
      { class: "plain-list" },
      items.map((n) =>
        h("li", { class: "outside-notice" }, reasonLabel(n.reason), n.trusted_flagger ? ` · ${t("mod.trusted_flagger", { name: n.trusted_flagger })}` : "", h("p", { class: "hint" }, n.target_url), h("p", { class: "quote" }, n.explanation)),
      ),
    ),
  );
}

// Each signal in words, with the message it fired on (highlighted in the
// conversation above); the raw fields stay out of the way.
function signalsSection(c) {
  const signals = (c.signals || []).filter((s) => s && s.name !== "appealed_decision" && s.name !== "source");
  if (!signals.length) return panel("mod.signals", h("p", { class: "muted" }, t("mod.no_signals")));
  const lines = new Map((c.conversation || []).map((m) => [m.id, m]));
  return panel(
    "mod.signals",
    h(
      "ul",
      { class: "plain-list signals" },
      signals.map((s) => {
        const name = typeof s === "string" ? s : s.name;
        const message = typeof s === "string" ? null : lines.get(s.message_id);
        const where = message
          ? h(
              "span",
              { class: "signal-where" },
              " — ",
              t("signal.on_message", { p: message.author_pseudo || "?" }),
              " ",
              h("q", {}, excerpt(message.text)),
              " ",
              h("a", { href: `#msg-${message.id}`, class: "signal-link", onclick: (e) => showMessage(e, message.id) }, t("signal.show")),
            )
          : s.message_id
            ? h("span", { class: "muted" }, ` — ${t("signal.not_in_excerpt")}`)
            : null;
        return h("li", { class: "signal" }, h("strong", {}, signalLabel(name)), where);
      }),
    ),
  );
}

function signalLabel(name) {
  if (has(`signal.${name}`)) return t(`signal.${name}`);
  const category = modelCategory(name);
  if (category !== null) return t("signal.model", { what: signalLabel(category) });
  if (has(`reason.${name}`)) return t(`reason.${name}`);
  return name.replaceAll("_", " ");
}

function showMessage(event, id) {
  event.preventDefault();
  const line = document.getElementById(`msg-${id}`);
  if (!line) return;
  line.scrollIntoView({ block: "center" });
  line.focus();
}

function excerpt(text) {
  const words = String(text ?? "").replace(/\s+/g, " ").trim();
  return words.length > 90 ? `${words.slice(0, 89)}…` : words;
}

// Every report and automatic alert of the incident, oldest first.
function sourcesSection(c) {
  return panel(
    "mod.sources",
    h("p", { class: "hint" }, t("mod.sources_lead")),
    h(
      "ol",
      { class: "plain-list sources" },
      c.sources.map((src) => {
        const who = src.kind === "report" ? src.report?.reporter?.pseudo || t("mod.reporter", { n: src.report?.reporter?.label ?? "?" }) : null;
        // A refusal kept for its case (docs/moderation.md) is not "held".
        const kind = label("mod.source", src.refused ? `${src.kind}_refused` : src.kind);
        // "Message retenu par le filtre · Message retenu par le filtre": once.
        const reason = src.reason && reasonLabel(src.reason) !== kind ? ` · ${reasonLabel(src.reason)}` : "";
        return h(
          "li",
          { class: `source ${src.kind}` },
          h("strong", {}, kind),
          reason,
          who ? ` · ${who}` : "",
          src.held ? ` · ${label("mod.held_state", src.held.state)}` : "",
          " · ",
          h("time", { datetime: src.at }, dateTime(src.at)),
        );
      }),
    ),
  );
}

// The conversation around the incident; the flagged messages stand out and
// can be reached from the signals (ids msg-…).
function conversationSection(c) {
  return panel(
    "mod.conversation",
    h(
      "ol",
      { class: "evidence-log" },
      c.conversation.map((m) =>
        h(
          "li",
          { id: m.id ? `msg-${m.id}` : null, tabindex: m.flagged ? "-1" : null, class: `evidence-msg${m.flagged ? " target flagged" : ""}${m.deleted ? " deleted" : ""}${m.held ? " held" : ""}` },
          h("p", { class: "meta" }, h("strong", {}, m.author_pseudo || "?"), m.ts ? ` · ${timeOnly(m.ts)}` : "", m.flagged ? h("span", { class: "tag warn" }, t("mod.flagged")) : null, m.held ? h("span", { class: "tag" }, t("mod.held_tag")) : null, m.deleted ? ` · ${t("mod.deleted")}` : ""),
          h("p", { class: "text" }, m.text ?? ""),
        ),
      ),
    ),
  );
}

function accountsSection(c) {
  if (!c.accounts || !c.accounts.length) return panel("mod.accounts", h("p", { class: "muted" }, t("mod.no_accounts")));
  return panel(
    "mod.accounts",
    c.accounts.map((a) =>
      h(
        "div",
        { class: "account-history" },
        h("h3", {}, a.pseudo),
        h("p", { class: "facts" }, [t("profile.age", { n: a.age }), t(a.band === "teen" ? "band.teen" : "band.adult"), t("account.trust", { n: a.trust_level }), label("mod.account_status", a.status), t("mod.account_age", { n: Math.floor(a.account_age_days ?? 0) })].join(" · ")),
        h("p", {}, h("strong", {}, t("mod.previous_cases")), " ", a.previous_cases?.length ? a.previous_cases.map((p) => `${label("mod.kind", p.kind)} (${(p.reasons || []).map(reasonLabel).join(", ")}, ${label("mod.status", p.status)})`).join(" ; ") : t("mod.none")),
        h("p", {}, h("strong", {}, t("mod.sanctions")), " ", a.sanctions?.length ? a.sanctions.map((s) => `${label("mod.action", s.action)} — ${s.rule} (${dateTime(s.created_at)})`).join(" ; ") : t("mod.no_sanctions")),
      ),
    ),
  );
}

function appealSection(c) {
  const decided = (c.signals || []).find((s) => s && s.name === "appealed_decision");
  const facts = [];
  if (decided) {
    facts.push(h("dt", {}, t("mod.appealed_action")), h("dd", {}, label("mod.action", decided.action)));
    if (decided.rule) facts.push(h("dt", {}, t("notices.rule")), h("dd", {}, decided.rule));
    if (decided.facts) facts.push(h("dt", {}, t("notices.facts")), h("dd", {}, decided.facts));
  }
  return panel(
    "mod.appeal",
    h("blockquote", { class: "quote big" }, c.appeal.text || ""),
    facts.length ? h("dl", { class: "notice-facts" }, facts) : null,
    c.appeal.acted_by === state.me.id ? h("p", { class: "alert" }, t("mod.own_decision")) : h("p", { class: "hint" }, t("mod.appeal_hint")),
  );
}

function actionsTaken(c) {
  return panel(
    "mod.history",
    h(
      "ul",
      { class: "plain-list" },
      c.actions.map((a) => h("li", {}, h("strong", {}, label("mod.action", a.action)), ` · ${dateTime(a.created_at)}`, a.duration_hours ? ` · ${t("mod.hours", { n: a.duration_hours })}` : "", h("p", { class: "quote" }, `${a.rule} — ${a.facts}`))),
    ),
  );
}

// The rules catalogue, read once per page load (it changes with releases).
let rulesCache = null;
async function loadRules() {
  if (rulesCache) return rulesCache;
  try {
    const list = await get("/moderation/rules");
    rulesCache = Array.isArray(list) ? list : [];
  } catch {
    return []; // the free-text rule still works
  }
  return rulesCache;
}

const REDUCE_TO = ["suspend", "mute", "warn"];
const WEIGHT = { warn: 1, mute: 2, suspend: 3, ban: 4 };

function actionForm(c, rules, reload) {
  const appeal = c.kind === "appeal";
  const appealed = appeal ? (c.signals || []).find((s) => s && s.name === "appealed_decision")?.action : null;
  const reducible = appealed in WEIGHT && appealed !== "warn";
  let choices = appeal ? (reducible ? ["lift", "reduce", "dismiss"] : APPEAL_ACTIONS) : ACTIONS;
  if (c.status === "closed") choices = ["lift"]; // the only action on a closed case
  const onMessage = c.target?.type === "message" || (c.sources || []).some((src) => src.target?.type === "message");
  if (!onMessage) choices = choices.filter((a) => a !== "delete_message");
  const action = h("select", { required: true }, h("option", { value: "" }, t("mod.choose")), choices.map((a) => h("option", { value: a }, appeal ? t(`mod.appeal_action.${a}`) : label("mod.action", a))));
  // Rules of the catalogue, those that fit the case's reasons first.
  const suggested = new Set(c.suggested_rules || []);
  const ordered = [...rules.filter((r) => suggested.has(r.id)), ...rules.filter((r) => !suggested.has(r.id))];
  const ruleText = (r) => `${r.number}. ${lang() === "en" ? r.en : r.fr}`;
  const ruleChoice = h(
    "select",
    {},
    h("option", { value: "" }, t("mod.choose")),
    ordered.map((r) => h("option", { value: r.id }, suggested.has(r.id) ? t("mod.rule_suggested", { r: ruleText(r) }) : ruleText(r))),
    h("option", { value: "other" }, t("mod.f.rule_other")),
  );
  const rule = h("input", { type: "text", maxlength: "1000" });
  const facts = h("textarea", { rows: "3", maxlength: "8000", required: true });
  const hours = h("input", { type: "number", min: "1", max: "8760", inputmode: "numeric" });
  const lighter = REDUCE_TO.filter((a) => WEIGHT[a] <= (WEIGHT[appealed] || 0));
  const reduceTo = h("select", {}, h("option", { value: "" }, t("mod.choose")), lighter.map((a) => h("option", { value: a }, label("mod.action", a))));
  const days = h("input", { type: "number", min: "1", max: "365", inputmode: "numeric" });
  const fields = {
    action: field(t("mod.f.action"), action),
    reduceTo: field(t("mod.f.reduce_to"), reduceTo, t("mod.f.reduce_hint")),
    days: field(t("mod.f.days"), days),
    ruleChoice: field(t("mod.f.rule_choice"), ruleChoice, t("mod.f.rule_choice_hint")),
    rule: field(t("mod.f.rule"), rule, t("mod.f.rule_hint")),
    facts: field(t("mod.f.facts"), facts, t("mod.f.facts_hint")),
    hours: field(t("mod.f.hours"), hours, t("mod.f.hours_hint")),
  };
  const sync = () => {
    const reducing = action.value === "reduce";
    fields.hours.hidden = !TAKES_DURATION.has(action.value);
    fields.reduceTo.hidden = !reducing;
    fields.days.hidden = !(reducing && TAKES_DURATION.has(reduceTo.value));
    // The free-text rule only when no catalogue rule is chosen.
    fields.rule.hidden = Boolean(ruleChoice.value) && ruleChoice.value !== "other";
    fields.ruleChoice.hidden = !rules.length;
  };
  action.addEventListener("change", sync);
  reduceTo.addEventListener("change", sync);
  ruleChoice.addEventListener("change", sync);
  sync();
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button primary" }, t("mod.apply"));
  const form = h("form", { class: "stack", novalidate: true }, fields.action, fields.reduceTo, fields.days, fields.ruleChoice, fields.rule, fields.facts, fields.hours, h("p", { class: "hint" }, t("mod.notice_hint")), alert, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.show("");
    for (const f of Object.values(fields)) setFieldError(f, "");
    const catalogued = ruleChoice.value && ruleChoice.value !== "other" ? ruleChoice.value : null;
    const missing = [];
    if (!action.value) missing.push("action");
    if (action.value === "reduce" && !reduceTo.value) missing.push("reduceTo");
    if (action.value === "reduce" && TAKES_DURATION.has(reduceTo.value) && !days.value) missing.push("days");
    if (!catalogued && !rule.value.trim()) missing.push(fields.rule.hidden ? "ruleChoice" : "rule");
    if (!facts.value.trim()) missing.push("facts");
    if (NEEDS_DURATION.has(action.value) && !hours.value) missing.push("hours");
    for (const name of missing) setFieldError(fields[name], t("err.required"));
    if (missing.length) return fields[missing[0]].control.focus();
    const payload = { action: action.value, facts: facts.value.trim() };
    if (catalogued) payload.rule_id = catalogued;
    else payload.rule = rule.value.trim();
    if (TAKES_DURATION.has(action.value) && hours.value) payload.duration_hours = Number(hours.value);
    if (action.value === "reduce") {
      payload.reduce_to = reduceTo.value;
      if (TAKES_DURATION.has(reduceTo.value)) payload.duration_hours = Number(days.value) * 24;
    }
    busy(submit, async () => {
      try {
        await post(`/moderation/cases/${encodeURIComponent(c.id)}/actions`, payload);
        await reload(t("mod.done", { a: appeal ? t(`mod.appeal_action.${payload.action}`) : label("mod.action", payload.action) }));
      } catch (err) {
        alert.show(explain(err));
      }
    });
  });
  return h("section", { class: "panel case-section", "aria-labelledby": "act-title" }, h("h2", { id: "act-title" }, t(appeal ? "mod.decide_appeal" : "mod.act")), form);
}

// -- small helpers ------------------------------------------------------------------

function severityBadge(severity) {
  return h("span", { class: `severity ${severity}` }, label("mod.severity", severity));
}

function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value ?? "");
}

function reasonLabel(reason) {
  if (has(`reason.${reason}`)) return t(`reason.${reason}`);
  return signalLabel(reason); // automatic reasons: signals, model:<category>
}

function dateTime(ts) {
  const date = new Date(ts);
  if (!ts || Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

function timeOnly(ts) {
  const date = new Date(ts);
  if (!ts || Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(date);
}

function ago(ts) {
  const seconds = (Date.now() - new Date(ts).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return "";
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  if (seconds < 3600) return rtf.format(-Math.max(0, Math.round(seconds / 60)), "minute");
  if (seconds < 86400) return rtf.format(-Math.round(seconds / 3600), "hour");
  return rtf.format(-Math.round(seconds / 86400), "day");
}
