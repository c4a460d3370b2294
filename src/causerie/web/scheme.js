// Light or dark: the system's choice unless the person picked one (kept in
// localStorage). The CSS reads <html data-scheme="light|dark">.

const KEY = "causerie.scheme";
export const SCHEMES = ["auto", "light", "dark"];

/** "auto", "light" or "dark": what the person chose. */
export function schemeChoice() {
  try {
    const stored = localStorage.getItem(KEY);
    return SCHEMES.includes(stored) ? stored : "auto";
  } catch {
    return "auto";
  }
}

/** The scheme in force for a choice, given whether the system prefers dark. */
export function resolveScheme(choice, prefersDark) {
  if (choice === "light" || choice === "dark") return choice;
  return prefersDark ? "dark" : "light";
}

const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

export function applyScheme() {
  const scheme = resolveScheme(schemeChoice(), Boolean(media && media.matches));
  document.documentElement.dataset.scheme = scheme;
  document.querySelector('meta[name="theme-color"]')?.setAttribute("content", scheme === "dark" ? "#1d1c2b" : "#4f46e5");
}

export function setScheme(choice) {
  try {
    if (choice === "auto") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    /* private mode: for this page only */
  }
  applyScheme();
}

// The system switching to dark at night follows through while on "auto".
media?.addEventListener("change", applyScheme);
