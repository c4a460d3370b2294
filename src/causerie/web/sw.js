// The service worker: only Web Push (docs/web-client.md, "Notifications").
// It caches nothing — the pages come from the server, fingerprinted — and
// reads nothing but the notification the server sent: who wrote and which
// page to open, never the text of a message (lock screens are public).

/** @type {any} */
const worker = self;

worker.addEventListener("install", () => worker.skipWaiting());
worker.addEventListener("activate", (/** @type {any} */ event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener("push", (/** @type {any} */ event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const url = typeof data.url === "string" && data.url.startsWith("/#/") ? data.url : "/#/";
  event.waitUntil(
    worker.registration.showNotification(typeof data.title === "string" ? data.title : "Causerie", {
      body: typeof data.body === "string" ? data.body : "",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      // One notification per conversation: a newer one replaces it.
      tag: url,
      data: { url },
    }),
  );
});

worker.addEventListener("notificationclick", (/** @type {any} */ event) => {
  event.notification.close();
  const url = event.notification.data?.url || "/#/";
  event.waitUntil(
    worker.clients.matchAll({ type: "window", includeUncontrolled: true }).then((/** @type {any[]} */ open) => {
      // An open Causerie tab goes to the page; else a new one opens there.
      for (const client of open) {
        if (new URL(client.url).origin === worker.location.origin && "focus" in client) {
          client.navigate(url);
          return client.focus();
        }
      }
      return worker.clients.openWindow(url);
    }),
  );
});
