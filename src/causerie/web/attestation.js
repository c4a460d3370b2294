// Age attestation, "double anonymat": the server gives a one-time code
// (nonce); the person takes it to an age-assurance provider, which checks
// their age its own way and signs "over 18" or "under 18" bound to that
// code; the person pastes the signed answer back. The provider never learns
// which site asked; Causerie never learns who the person is.

import { get, post } from "./api.js";
import { h, replace } from "./dom.js";
import { busy, explain, field, formAlert } from "./forms.js";
import { locale, t } from "./i18n.js";
import { state } from "./store.js";

/**
 * A panel explaining the attestation and walking through it. `onDone(user)`
 * runs once the server accepted a token. `headingLevel` lets a page that
 * already has an h1 nest it.
 * @param {{onDone?: (user: any) => void, headingLevel?: number, lead?: any}} [options]
 */
export function attestationPanel({ onDone = () => {}, headingLevel = 2, lead = null } = {}) {
  const titleId = `attest-${Math.random().toString(36).slice(2, 8)}`;
  const steps = h("div", { class: "attest-steps stack" });
  const panel = h(
    "section",
    { class: "panel attestation stack", "aria-labelledby": titleId },
    h(`h${headingLevel}`, { id: titleId }, t("attest.title")),
    lead ? h("p", { class: "lead-strong" }, lead) : null,
    h("p", {}, t("attest.explain")),
    h(
      "ul",
      { class: "attest-points" },
      h("li", {}, t("attest.point_provider")),
      h("li", {}, t("attest.point_us")),
      h("li", {}, t("attest.point_once")),
    ),
    steps,
  );
  const alert = formAlert();
  const getCode = h("button", { type: "button", class: "button primary" }, t("attest.get_code"));
  getCode.addEventListener("click", () =>
    busy(getCode, async () => {
      alert.show("");
      try {
        const issued = await post("/attestations/nonce");
        showCode(issued);
      } catch (err) {
        alert.show(explain(err));
      }
    }),
  );
  replace(steps, h("div", { class: "actions" }, getCode), alert);
  // With a provider that sends people back, nothing to copy: one button
  // names where the member goes; the code route stays for other checkers.
  get("/attestations/provider").then(
    (info) => {
      if (!info?.handoff || !steps.isConnected) return;
      const go = h("button", { type: "button", class: "button primary" }, t("attest.handoff_go", { name: info.name }));
      go.addEventListener("click", () => busy(go, () => handOff(alert)));
      // Sent there and back, the provider does learn it was Causerie: say
      // so instead of the code route's "it does not know which site asked".
      const first = panel.querySelector(".attest-points li");
      if (first) first.textContent = t("attest.handoff_privacy", { name: info.name });
      getCode.className = "button";
      getCode.textContent = t("attest.handoff_manual");
      replace(
        steps,
        h("p", {}, t("attest.handoff_explain", { name: info.name })),
        h("div", { class: "actions" }, go),
        alert,
        h("details", { class: "attest-manual" }, h("summary", {}, t("attest.handoff_other")), h("div", { class: "actions" }, getCode)),
      );
    },
    () => {},
  );

  function showCode(issued) {
    const code = h("input", { type: "text", readonly: true, value: issued.nonce, class: "mono", spellcheck: "false" });
    code.addEventListener("focus", () => code.select());
    const token = h("textarea", { rows: "3", class: "mono", spellcheck: "false", autocomplete: "off" });
    const tokenField = field(t("attest.token"), token, t("attest.token_hint"));
    const submitAlert = formAlert();
    const submit = h("button", { type: "submit", class: "button primary" }, t("attest.submit"));
    const again = h("button", { type: "button", class: "button" }, t("attest.new_code"));
    again.addEventListener("click", () => busy(again, async () => {
      try {
        showCode(await post("/attestations/nonce"));
      } catch (err) {
        submitAlert.show(explain(err));
      }
    }));
    const form = h("form", { class: "stack", novalidate: true }, tokenField, submitAlert, h("div", { class: "actions" }, submit, again));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = token.value.trim();
      if (!value) {
        submitAlert.show(t("attest.token_missing"));
        return token.focus();
      }
      busy(submit, async () => {
        try {
          const answer = await post("/attestations", { token: value });
          if (answer && answer.user) state.me = { ...state.me, ...answer.user };
          // An open connection keeps what the server knew when it opened
          // (not attested): a fresh one may join the adult-only rooms.
          state.socket?.reconnectNow();
          replace(steps, h("p", { class: "success", role: "status" }, t("attest.done")));
          onDone(state.me);
        } catch (err) {
          submitAlert.show(explain(err));
        }
      });
    });
    replace(
      steps,
      h("ol", { class: "attest-how" }, h("li", {}, t("attest.step1")), h("li", {}, t("attest.step2")), h("li", {}, t("attest.step3"))),
      field(t("attest.code"), code, t("attest.code_hint", { d: timeOf(issued.expires_at) })),
      form,
    );
    code.focus();
  }
  return panel;
}

function timeOf(ts) {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(date);
}

const STATE_KEY = "causerie.attest_state";

/** Leave for the provider; the state proves, on return, that we sent them. */
async function handOff(alert) {
  alert.show("");
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const state = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  try {
    sessionStorage.setItem(STATE_KEY, state);
    const sent = await post("/attestations/handoff", { state });
    location.assign(sent.url);
  } catch (err) {
    alert.show(explain(err));
  }
}

/**
 * `#/attestation/return?token=…&state=…`: where the provider sends the
 * member back. The answer is posted at once, never pasted; a return this
 * tab did not start (another state, or none) is refused without a request.
 */
export function attestationReturnView(main) {
  const query = new URLSearchParams(location.hash.split("?")[1] || "");
  const token = query.get("token") || "";
  const state = query.get("state") || "";
  let expected = null;
  try {
    expected = sessionStorage.getItem(STATE_KEY);
    sessionStorage.removeItem(STATE_KEY);
  } catch {
    expected = null;
  }
  // The signed answer leaves the address bar and the history at once.
  history.replaceState(null, "", "#/attestation/return");
  const result = h("div", { class: "stack", role: "status" }, h("p", { class: "muted" }, t("attest.returning")));
  const back = h("a", { href: "#/account", class: "button" }, t("attest.back_account"));
  replace(main, h("div", { class: "narrow stack" }, h("section", { class: "panel stack attestation" }, h("h1", {}, t("attest.title")), result, h("div", { class: "actions" }, back))));
  if (!token || !expected || state !== expected) {
    replace(result, h("p", { class: "alert", role: "alert" }, t("attest.return_unknown")));
    return;
  }
  post("/attestations", { token }).then(
    (answer) => {
      if (answer && answer.user) state_me(answer.user);
      replace(result, h("p", { class: "success" }, t("attest.done")));
    },
    (err) => replace(result, h("p", { class: "alert", role: "alert" }, explain(err))),
  );
}

function state_me(user) {
  state.me = { ...state.me, ...user };
  // The open connection still has the old answer: a fresh one sees the rooms.
  state.socket?.reconnectNow();
}
