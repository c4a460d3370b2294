// The language switch of the stand-alone legal pages (notice.html, legal.html).

import { h } from "./dom.js";
import { lang, LANGUAGES, setLang, t } from "./i18n.js";

export function languageSwitch() {
  const select = h("select", { "aria-label": t("lang.label") }, LANGUAGES.map(([code, label]) => h("option", { value: code, selected: code === lang() }, label)));
  // Hidden until needed: an empty live region would be a second "status"
  // next to the form's own on the notice page.
  const failed = h("span", { role: "status", hidden: true });
  select.addEventListener("change", async () => {
    failed.hidden = true;
    try {
      await setLang(select.value);
    } catch {
      select.value = lang();
      failed.textContent = t("lang.failed"); // not a silent jump back
      failed.hidden = false;
      return;
    }
    window.location.reload();
  });
  return h("p", { class: "actions end" }, failed, select);
}
