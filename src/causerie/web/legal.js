// Terms, privacy notice and mentions légales (LCEN art. 6-III), FR/EN. The
// publisher and host are the operator's settings (GET /api/v1/dsa/legal-info).

import { get } from "./api.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { languageSwitch } from "./legal-lang.js";

function entry(label, ...values) {
  const shown = values.filter(Boolean);
  return shown.length ? [h("dt", {}, label), h("dd", {}, shown.join(" — "))] : [];
}

async function mentions(list) {
  try {
    const info = await get("/dsa/legal-info");
    replace(
      list,
      entry(t("legal.publisher"), info.publisher.name, info.publisher.address, info.publisher.contact),
      entry(t("legal.director"), info.publication_director),
      entry(t("legal.host"), info.host.name, info.host.address, info.host.contact),
    );
  } catch {
    replace(list, h("dd", {}, t("err.network")));
  }
}

const main = document.getElementById("app");
document.title = `${t("legal.mentions_title")} · Causerie`;
const list = h("dl", { class: "mentions" });
replace(
  main,
  languageSwitch(),
  h("section", { class: "panel", "aria-labelledby": "terms-title" }, h("h1", { id: "terms-title" }, t("legal.terms_title")), h("p", {}, t("legal.terms"))),
  h("section", { class: "panel", "aria-labelledby": "privacy-title" }, h("h2", { id: "privacy-title" }, t("legal.privacy_title")), h("p", {}, t("legal.privacy"))),
  h("section", { class: "panel", "aria-labelledby": "mentions-title" }, h("h2", { id: "mentions-title" }, t("legal.mentions_title")), list),
  h("p", {}, h("a", { href: "/notice.html" }, t("legal.notice_link")), " · ", h("a", { href: "/" }, t("legal.back"))),
);
mentions(list);
