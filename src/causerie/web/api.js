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
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = cookie("causerie_csrf");
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

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
export const patch = (path, body) => api("PATCH", path, body);
export const del = (path) => api("DELETE", path);
