// The language switch of the stand-alone legal pages (notice.html, legal.html).

import { h } from "./dom.js";
import { lang, LANGUAGES, setLang, t } from "./i18n.js";

export function languageSwitch() {
  const select = h("select", { "aria-label": t("lang.label") }, LANGUAGES.map(([code, label]) => h("option", { value: code, selected: code === lang() }, label)));
  select.addEventListener("change", async () => {
    try {
      await setLang(select.value);
    } catch {
      select.value = lang();
      return;
    }
    window.location.reload();
  });
  return h("p", { class: "actions end" }, select);
}
