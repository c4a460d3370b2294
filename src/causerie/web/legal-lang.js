// The language switch of the stand-alone legal pages (notice.html, legal.html).

import { h } from "./dom.js";
import { lang, LANGUAGES, setLang, t } from "./i18n.js";

export function languageSwitch() {
  const select = h("select", { "aria-label": t("lang.label") }, LANGUAGES.map(([code, label]) => h("option", { value: code, selected: code === lang() }, label)));
  const failed = h("span", { role: "status" });
  select.addEventListener("change", async () => {
    failed.textContent = "";
    try {
      await setLang(select.value);
    } catch {
      select.value = lang();
      failed.textContent = t("lang.failed"); // not a silent jump back
      return;
    }
    window.location.reload();
  });
  return h("p", { class: "actions end" }, failed, select);
}
