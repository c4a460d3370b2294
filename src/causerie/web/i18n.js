// The client's words. Every sentence lives in the one catalogue the server
// also speaks from (src/causerie/i18n/fr.json, en.json: ICU MessageFormat);
// the server compiles it at start and serves each language on its own,
// fingerprinted and long-cached (/i18n/<lang>.json?v=<build>), so a page
// downloads only its language. index.html already asks for it while the
// modules download (a preload link for the language the server guessed).
// The language follows the browser until the person picks one; the choice
// is kept in localStorage and a cookie (the server then preloads the right
// catalogue) and sent to the server so WebSocket `detail` texts follow it.

import { showBootFailure, withRetry } from "./boot-failure.js";
import { formatMessage, REGIONS } from "./messageformat.js";

/** @typedef {import("./messageformat.js").Compact} Compact */

export const LANGUAGES = [
  ["fr", "Français"],
  ["en", "English"],
];
const CODES = new Set(LANGUAGES.map(([code]) => code));

const KEY = "causerie.lang";
// Same fingerprint as this module's own URL (the server gives every client
// file the build id), so a catalogue is cached for as long as the build lives.
const BUILD = new URL(import.meta.url).search;

/** @type {Record<string, Record<string, Compact>>} */
const loaded = {};
/** @type {Record<string, Promise<Record<string, Compact>>>} */
const loading = {};

/** @type {Set<string>} the parts this page asked for (loadPart) */
const parts = new Set();

/**
 * The catalogue of `code`, or one of its parts (`/i18n/<code>.<part>.json`),
 * fetched once.
 * @param {string} code
 * @param {string} [part]
 */
function catalogue(code, part) {
  const name = part ? `${code}.${part}` : code;
  loading[name] ??= fetch(`/i18n/${name}.json${BUILD}`, { credentials: "same-origin" })
    .then((answer) => {
      if (!answer.ok) throw new Error(`catalogue ${name}: ${answer.status}`);
      return answer.json();
    })
    .then((table) => (loaded[code] = { ...loaded[code], ...table }))
    .catch((error) => {
      delete loading[name]; // a later switch may try again
      throw error;
    });
  return loading[name];
}

/** The language's catalogue and every part this page uses, all fetched. */
async function complete(code) {
  await catalogue(code);
  await Promise.all([...parts].map((part) => catalogue(code, part)));
}

/**
 * Fetches a part of the catalogue only some views need (the moderator
 * console's words), in the current language and in any language switched
 * to later. A view module awaits it at its top, before it shows anything.
 * @param {string} part
 */
export async function loadPart(part) {
  parts.add(part);
  await catalogue(current, part);
}

let current = initialLanguage();
try {
  await withRetry(() => catalogue(current));
} catch (error) {
  // Without words app.js cannot draw anything: say so in both languages
  // rather than "Loading…" for ever, and stop here (the rethrow).
  showBootFailure(document, () => location.reload());
  throw error;
}
document.documentElement.lang = current;
rememberForServer(current);

/**
 * The cookie the server reads to preload the right catalogue: set again when
 * it is missing or stale (a choice kept only in localStorage made every
 * page preload the other language, then fetch this one).
 * @param {string} code
 */
function rememberForServer(code) {
  if (!document.cookie.split("; ").includes(`causerie_lang=${code}`)) {
    // Not a secret: lets the server preload this language's catalogue.
    document.cookie = `causerie_lang=${code}; path=/; max-age=31536000; samesite=lax`;
  }
}

function initialLanguage() {
  const saved = safeGet(KEY);
  if (saved && CODES.has(saved)) return saved;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language || "fr"];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().slice(0, 2);
    if (CODES.has(base)) return base;
  }
  return "fr";
}

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function lang() {
  return current;
}

/**
 * The regional form for Intl's dates and numbers ("fr-FR", "en-GB"): the
 * same as the server's texts, so a date reads alike on every screen
 * (2 December 2026, 14:05 in English too, not December 2, 2:05 PM).
 */
export function locale() {
  return REGIONS[current] ?? current;
}

/**
 * Switches the language (its catalogue is fetched first, if this page has
 * not needed it yet) and remembers the choice.
 * @param {string} code
 * @returns {Promise<void>}
 */
export async function setLang(code) {
  if (!CODES.has(code)) return;
  await complete(code);
  current = code;
  try {
    localStorage.setItem(KEY, code);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  rememberForServer(code);
  document.documentElement.lang = code;
}

/**
 * The translated sentence for `key`, its {arguments} filled in (plurals,
 * selects, dates and numbers in the language's own rules).
 * @param {string} key
 * @param {Record<string, any>} [vars]
 */
export function t(key, vars = {}) {
  const message = loaded[current][key];
  return message === undefined ? key : formatMessage(message, vars, current);
}

/**
 * A counted sentence: the catalogue's `{n, plural, one {…} other {…}}`
 * chosen by the language's own plural rules (in French 0 and 1 are "one",
 * in English only 1).
 * @param {string} key
 * @param {number} n
 * @param {Record<string, any>} [vars]
 */
export function tn(key, n, vars = {}) {
  return t(key, { ...vars, n });
}

/** "il y a 5 minutes" / "5 minutes ago": the one relative-time style of the client. */
export function ago(timestamp, now = Date.now()) {
  const seconds = Math.round((new Date(timestamp).getTime() - now) / 1000);
  /** @type {Array<[Intl.RelativeTimeFormatUnit, number]>} */
  const units = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "minute");
}

/** The label of a room theme (themes are machine words from the server). */
export function themeLabel(theme) {
  return theme && has(`theme.${theme}`) ? t(`theme.${theme}`) : theme || "";
}

/** True when `key` has a translation. */
export function has(key) {
  return key in loaded[current];
}
