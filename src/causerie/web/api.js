// HTTP side of the API contract (docs: api-v1.md). Cookie-authenticated;
// every state change carries the CSRF token the server set in a readable
// cookie, as the server requires.

import { lang } from "./i18n.js";

const BASE = "/api/v1";

/** A refusal from the API: `code` is the contract's machine word. */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || (status === 0 ? "network" : "http_" + status);
    this.detail = body?.detail || "";
    this.body = body || {};
    this.retryAfter = retryAfter;
  }
}

function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return "";
}

/**
 * Calls the API and returns the parsed JSON body (null for 204).
 * Throws ApiError (status 0 and code "network" when the server is unreachable).
 */
export async function api(method, path, body) {
  const headers = { Accept: "application/json", "Accept-Language": lang() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // Over HTTPS the server names its cookies with the __Host- prefix.
  if (method !== "GET" && method !== "HEAD")
    headers["X-CSRF-Token"] = cookie("__Host-causerie_csrf") || cookie("causerie_csrf");
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { code: "network" });
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const retry = Number(response.headers.get("Retry-After")) || undefined;
    const error = new ApiError(response.status, data, retry);
    // A sanction can land at any moment: whichever request meets it first
    // tells the shell, which shows the page that explains it.
    if (error.code === "account_suspended") window.dispatchEvent(new CustomEvent("causerie:suspended"));
    throw error;
  }
  return data;
}

/** @type {Map<string, {answer: Promise<any>, at: number}>} */
const early = new Map();
// An early answer older than this is not handed out: the page asked too
// late for it to be the same moment, so it asks again.
const EARLY_MS = 10000;

/**
 * Starts GET `path` now, for a screen that will ask for it soon (the home
 * page's rooms, asked alongside GET /me rather than after it). The next
 * get(path) takes this answer, once, instead of asking again.
 */
export function prefetch(path) {
  const answer = api("GET", path);
  answer.catch(() => {}); // a refusal is for the screen that takes it
  early.set(path, { answer, at: Date.now() });
}

/** Forgets every early answer not taken yet (the session they were asked
 * for is gone: a new one must ask again). */
export function dropPrefetched() {
  early.clear();
}

export const get = (path) => {
  const ahead = early.get(path);
  early.delete(path);
  if (ahead && Date.now() - ahead.at < EARLY_MS) return ahead.answer;
  return api("GET", path);
};
export const post = (path, body = {}) => api("POST", path, body);
export const patch = (path, body) => api("PATCH", path, body);
export const del = (path) => api("DELETE", path);
// DELETE with a body: erasing the account carries its confirmation.
export const delWith = (path, body) => api("DELETE", path, body);

/**
 * Downloads a file the API serves as an attachment (GET, cookie-authenticated)
 * and returns `{blob, filename}`; `onProgress(bytes)` follows the download.
 * Refusals throw ApiError exactly like api().
 */
export async function getFile(path, onProgress) {
  let response;
  try {
    response = await fetch(BASE + path, {
      headers: { Accept: "application/json", "Accept-Language": lang() },
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { code: "network" });
  }
  if (!response.ok) {
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : null;
    const error = new ApiError(response.status, data, Number(response.headers.get("Retry-After")) || undefined);
    if (error.code === "account_suspended") window.dispatchEvent(new CustomEvent("causerie:suspended"));
    throw error;
  }
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  const filename = attachmentName(response.headers.get("Content-Disposition")) || "causerie.json";
  let blob;
  try {
    blob = await readBody(response, type, onProgress);
  } catch {
    throw new ApiError(0, { code: "network" }); // the connection dropped mid-file
  }
  return { blob, filename };
}

// Read chunk by chunk when the browser allows it, so a big export shows
// that it is moving (it is built server-side: no Content-Length to promise).
async function readBody(response, type, onProgress) {
  if (!onProgress || !response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(received);
  }
  return new Blob(chunks, { type });
}

/** The file name of a Content-Disposition header: RFC 6266 `filename*`
 * (UTF-8, for pseudos with accents) first, then plain `filename`. */
function attachmentName(header) {
  if (!header) return "";
  const extended = header.match(/filename\*\s*=\s*UTF-8''([^;]+)/i);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      /* malformed: fall back to the plain name */
    }
  }
  const plain = header.match(/filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/i);
  if (!plain) return "";
  return (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : plain[2]).trim();
}
