// What the page shows when its words cannot be fetched. Without the
// catalogue no sentence can be said in the person's language, so this one
// is said in both, and it must not depend on anything else loading: plain
// DOM, no catalogue, no styles.css (the loading state's inline rules are
// enough). A Retry button reloads the page (a listener, not an inline
// handler: the Content-Security-Policy allows no inline script).

/**
 * Runs `load`, and once more if it fails: a single dropped request on a
 * mobile link should not cost the person a reload.
 * @template T
 * @param {() => Promise<T>} load
 * @param {number} [attempts]
 * @returns {Promise<T>}
 */
export async function withRetry(load, attempts = 2) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/**
 * Replaces the loading state with "Connexion impossible / Can't connect"
 * and a "Réessayer / Retry" button that calls `reload`.
 * @param {Document} doc
 * @param {() => void} reload
 */
export function showBootFailure(doc, reload) {
  const root = doc.getElementById("app");
  if (!root) return;
  const box = doc.createElement("div");
  box.className = "boot";
  box.setAttribute("role", "alert");
  const text = doc.createElement("p");
  text.append("Connexion impossible ", bilingualTail(doc, "/ Can't connect"));
  const button = doc.createElement("button");
  button.type = "button";
  button.append("Réessayer ", bilingualTail(doc, "/ Retry"));
  button.addEventListener("click", () => reload());
  box.append(text, button);
  root.replaceChildren(box);
}

/** The English half, marked as English for screen readers. */
function bilingualTail(doc, words) {
  const span = doc.createElement("span");
  span.lang = "en";
  span.textContent = words;
  return span;
}
