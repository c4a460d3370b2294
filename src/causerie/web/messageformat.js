// Formats a message of the catalogue, compiled by the server from its ICU
// MessageFormat source (src/causerie/i18n/): the browser never parses ICU
// text, it walks this small tree with the language's own rules (Intl).
// src/causerie/i18n/formatting.py is the same interpreter on the server;
// tests/js/catalogue.test.js holds both to the same text.
//
// A message is a string, or an array of parts; a part is a string or
//   [name]                    the argument as text
//   [name, "#"] [name, "n"]   the plural's number, a number
//   [name, "d" | "t", style]  a date, a time (short, medium, long, full)
//   [name, "p" | "s", {key: message}]  plural (CLDR category or "=N"), select

/** @typedef {string | Array<string | Array<any>>} Compact */

/** @type {Map<string, any>} */
const cache = new Map();

/** One Intl formatter per kind, language and options (they are costly to build). */
function intl(kind, locale, options = {}) {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let made = cache.get(key);
  if (!made) {
    if (kind === "plural") made = new Intl.PluralRules(locale);
    else if (kind === "number") made = new Intl.NumberFormat(locale);
    else made = new Intl.DateTimeFormat(locale, options);
    cache.set(key, made);
  }
  return made;
}

const STYLES = new Set(["short", "medium", "long", "full"]);
// The regional form whose dates and numbers a language's readers get
// (formatting.py's REGIONS): English dates as in Britain and Ireland
// ("2 December 2026, 14:05"), a 24-hour clock in both languages.
export const REGIONS = { fr: "fr-FR", en: "en-GB" };

/**
 * @param {Compact} message
 * @param {Record<string, any>} args
 * @param {string} language "fr", "en"
 * @param {string} [timeZone] dates in this zone (the browser's by default)
 * @returns {string}
 */
export function formatMessage(message, args, language, timeZone) {
  if (typeof message === "string") return message;
  const locale = REGIONS[language] ?? language;
  let out = "";
  for (const part of message) out += typeof part === "string" ? part : formatPart(part, args, locale, timeZone);
  return out;
}

function formatPart(part, args, locale, timeZone) {
  const [name, kind, extra] = part;
  const present = Object.prototype.hasOwnProperty.call(args, name);
  if (kind === "p" || kind === "s") return formatMessage(branch(kind, extra, present ? args[name] : undefined, locale), args, locale, timeZone);
  // Visible rather than silent: a missing argument is a bug to see.
  if (!present) return `{${name}}`;
  const value = args[name];
  if (kind === undefined) return String(value);
  if (kind === "#" || kind === "n") return intl("number", locale).format(value);
  const style = STYLES.has(extra) ? extra : "medium";
  const options = kind === "d" ? { dateStyle: style } : { timeStyle: style };
  if (timeZone) options.timeZone = timeZone;
  return intl("date", locale, options).format(new Date(value));
}

function branch(kind, options, value, locale) {
  if (kind === "s") return options[String(value)] ?? options.other;
  const n = value === undefined ? 0 : Number(value);
  return options[`=${n}`] ?? options[intl("plural", locale).select(n)] ?? options.other;
}
