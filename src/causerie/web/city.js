// City autocomplete: an ARIA 1.2 combobox over GET /api/v1/cities?q=.
// Picking a suggestion sends its id; free text is sent as a name, which the
// server resolves (or refuses with unknown_city).

import { get } from "./api.js";
import { h, uid, replace } from "./dom.js";

export function cityInput() {
  const listId = uid("cities");
  const input = h("input", {
    type: "text",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    spellcheck: "false",
  });
  const list = h("ul", { id: listId, role: "listbox", class: "suggestions", hidden: true });
  const box = h("div", { class: "combo" }, input, list);
  let options = [];
  let active = -1;
  let chosen = null;
  let asked = 0;
  let debounce = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      const li = list.children[index];
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    const city = options[index];
    if (!city) return;
    chosen = city;
    input.value = city.name;
    close();
    input.dispatchEvent(new Event("city-chosen"));
  }

  async function suggest() {
    const q = input.value.trim();
    const ticket = ++asked;
    if (q.length < 2) {
      options = [];
      close();
      return;
    }
    let found = [];
    try {
      found = await get(`/cities?q=${encodeURIComponent(q)}&limit=8`);
    } catch {
      found = [];
    }
    if (ticket !== asked) return; // a newer keystroke already asked
    options = Array.isArray(found) ? found : [];
    replace(
      list,
      options.map((city, i) =>
        h(
          "li",
          {
            id: `${listId}-${i}`,
            role: "option",
            "aria-selected": "false",
            onmousedown: (event) => event.preventDefault(), // keep focus in the input
            onclick: () => choose(i),
          },
          h("span", { class: "city-name" }, city.name),
          h("span", { class: "city-region" }, [city.region, city.country].filter(Boolean).join(", ")),
        ),
      ),
    );
    const open = options.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    active = -1;
  }

  input.addEventListener("input", () => {
    chosen = null;
    clearTimeout(debounce);
    debounce = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) {
      if (event.key === "ArrowDown" && options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(0);
        event.preventDefault();
      }
      return;
    }
    if (event.key === "ArrowDown") {
      highlight(Math.min(options.length - 1, active + 1));
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlight(Math.max(0, active - 1));
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      choose(active);
      event.preventDefault();
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));

  box.input = input;
  /** The id of the chosen suggestion, else the typed name. */
  box.value = () => (chosen && chosen.name === input.value ? chosen.id : input.value.trim());
  return box;
}
