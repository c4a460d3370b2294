// Web Push on this device (docs/web-client.md, "Notifications"): opt-in
// from the account page, one subscription per browser, kept by the server
// until turned off here, at logout, or dropped by the push service.

import { get, post } from "./api.js";
import { lang } from "./i18n.js";

/** Whether this browser can receive Web Push at all. */
export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** "granted", "denied" or "default" (not asked yet). */
export function pushPermission() {
  return pushSupported() ? Notification.permission : "denied";
}

/** @returns {Promise<any>} this browser's subscription, or null. */
export async function currentSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

/** The server's public key (base64url) as the bytes PushManager wants. */
export function keyBytes(base64url) {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/**
 * Ask the browser's permission, subscribe, tell the server. `atNight`: a
 * teen's explicit choice to be notified between 22:00 and 07:00.
 * @returns {Promise<"on" | "denied">}
 */
export async function enablePush(atNight = false) {
  if ((await Notification.requestPermission()) !== "granted") return "denied";
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (!subscription) {
    const { public_key: key } = await get("/push");
    subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  }
  await post("/push/subscriptions", { ...subscription.toJSON(), lang: lang(), at_night: Boolean(atNight) });
  return "on";
}

/** What the server keeps for this device, or null. */
export async function serverSubscription() {
  const subscription = await currentSubscription();
  if (!subscription) return null;
  try {
    return await post("/push/subscriptions/lookup", { endpoint: subscription.endpoint });
  } catch {
    return null;
  }
}

/** Stop: the server forgets the device, the browser drops the subscription. */
export async function disablePush() {
  const subscription = await currentSubscription();
  if (!subscription) return;
  try {
    await post("/push/subscriptions/delete", { endpoint: subscription.endpoint });
  } finally {
    await subscription.unsubscribe();
  }
}
