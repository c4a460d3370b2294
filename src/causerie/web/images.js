// Photos in private conversations (docs/media.md): attach from the camera or
// the gallery, preview with upload progress, the sender warned before sending
// a photo likely to be nude, blurred photos with "show / block / report",
// tap to view full size. Plain DOM, no framework, like the rest.

import { post } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { t } from "./i18n.js";
import { state } from "./store.js";

const BASE = "/api/v1";

function csrf() {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === "__Host-causerie_csrf" || k === "causerie_csrf") return decodeURIComponent(v.join("="));
  }
  return "";
}

/** Upload with progress (fetch cannot report upload progress): resolves to
 * the Image, rejects with {status, code, detail}. */
export function uploadImage(roomId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/conversations/${encodeURIComponent(roomId)}/images`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", document.documentElement.lang || "fr");
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.withCredentials = true;
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) resolve(body);
      else reject({ status: xhr.status, code: body?.code || "internal", detail: body?.detail || t("err.generic") });
    });
    xhr.addEventListener("error", () => reject({ status: 0, code: "network", detail: t("err.network") }));
    const form = new FormData();
    form.append("file", file, file.name || "photo");
    xhr.send(form);
  });
}

/** The composer's attach controls and the preview of a chosen photo.
 * ``onSend(image, caption)`` is called when the member confirms. */
export function attachControls(roomId, onSend) {
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment", class: "visually-hidden", id: "photo-camera", "data-testid": "photo-camera" });
  const gallery = h("input", { type: "file", accept: "image/*", class: "visually-hidden", id: "photo-gallery", "data-testid": "photo-gallery" });
  const buttons = h(
    "div",
    { class: "attach" },
    h("label", { for: "photo-camera", class: "button ghost attach-button", title: t("photo.camera") }, h("img", { src: "/camera.svg", alt: "", width: "22", height: "22" }), h("span", { class: "visually-hidden" }, t("photo.camera"))),
    camera,
    h("label", { for: "photo-gallery", class: "button ghost attach-button", title: t("photo.gallery") }, h("img", { src: "/gallery.svg", alt: "", width: "22", height: "22" }), h("span", { class: "visually-hidden" }, t("photo.gallery"))),
    gallery,
  );
  const preview = h("div", { class: "photo-preview", hidden: true, "aria-live": "polite" });
  let objectUrl = null;

  function reset() {
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    preview.hidden = true;
    replace(preview);
    camera.value = "";
    gallery.value = "";
  }

  async function chosen(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    reset();
    objectUrl = URL.createObjectURL(file);
    const bar = h("progress", { max: "1", value: "0", "aria-label": t("photo.uploading") });
    const note = h("p", { class: "photo-note" }, t("photo.uploading"));
    const caption = h("input", { type: "text", maxlength: "2000", placeholder: t("photo.caption"), "aria-label": t("photo.caption") });
    const sendBtn = h("button", { type: "button", class: "button primary", disabled: true }, t("photo.send"));
    const cancel = h("button", { type: "button", class: "button" }, t("photo.cancel"));
    cancel.addEventListener("click", reset);
    preview.hidden = false;
    replace(
      preview,
      h("img", { src: objectUrl, alt: t("photo.preview"), class: "photo-thumb" }),
      h("div", { class: "photo-side" }, bar, note, caption, h("div", { class: "actions" }, sendBtn, cancel)),
    );
    try {
      const image = await uploadImage(roomId, file, (p) => (bar.value = p));
      bar.value = 1;
      if (image.nudity === "likely") {
        note.className = "photo-note warn";
        note.textContent = t("photo.warn_nudity");
        sendBtn.textContent = t("photo.send_anyway");
      } else {
        note.textContent = t("photo.ready");
      }
      sendBtn.disabled = false;
      sendBtn.addEventListener("click", () => {
        onSend(image, caption.value);
        reset();
      });
    } catch (err) {
      bar.remove();
      note.className = "photo-note error";
      note.setAttribute("role", "alert");
      note.textContent = err.detail;
    }
  }
  camera.addEventListener("change", () => chosen(camera));
  gallery.addEventListener("change", () => chosen(gallery));
  return { buttons, preview };
}

let viewer = null;

/** Full size, in a dialog closed by a tap anywhere or Escape. */
export function openFull(src) {
  if (!viewer) {
    viewer = h("dialog", { class: "photo-viewer", "aria-label": t("photo.full") });
    viewer.addEventListener("click", () => viewer.close());
    document.body.append(viewer);
  }
  replace(viewer, h("img", { src, alt: t("photo.full") }), h("button", { type: "button", class: "button photo-close" }, t("photo.close")));
  viewer.showModal();
}

/** A message's photo. Blurred photos (likely nude) are not even fetched
 * until the recipient chooses to see them.
 * @param {any} image
 * @param {{mine: boolean, author: any, onBlocked?: (author: any) => void}} options */
export function photoFigure(image, { mine, author, onBlocked }) {
  const src = `${BASE}/images/${encodeURIComponent(image.id)}`;
  const ratio = `${image.width} / ${image.height}`;
  // The CSP allows no inline style attribute: the ratio is set through the
  // CSSOM, so the space is kept before the image arrives.
  const sized = (el) => {
    el.style.aspectRatio = ratio;
    return el;
  };
  const picture = () =>
    sized(
      h(
        "button",
        { type: "button", class: "photo", "aria-label": t("photo.open"), onclick: () => openFull(src) },
        h("img", { src, alt: t("photo.alt"), width: String(image.width), height: String(image.height), loading: "lazy" }),
      ),
    );
  if (!image.blurred || mine) {
    return h("figure", { class: "photo-figure", dataset: { image: image.id } }, picture(), image.blurred ? h("figcaption", { class: "hint" }, t("photo.sent_blurred")) : null);
  }
  const figure = h("figure", { class: "photo-figure blurred", dataset: { image: image.id } });
  const alert = h("p", { class: "hint", role: "status" });
  const show = h("button", { type: "button", class: "button" }, t("photo.show"));
  const block = h("button", { type: "button", class: "button" }, t("photo.block"));
  const report = h("button", { type: "button", class: "button danger-outline" }, t("photo.report"));
  show.addEventListener("click", () => replace(figure, picture()));
  block.addEventListener("click", async () => {
    try {
      await post("/blocks", { user_id: author.id });
      state.blocked.add(author.id);
      onBlocked?.(author);
    } catch (err) {
      alert.textContent = err.message || t("err.generic");
    }
  });
  report.addEventListener("click", async () => {
    try {
      await post("/reports", { target_type: "image", target_id: image.id, reason: "sexual_content" });
      alert.textContent = t("photo.reported");
      report.disabled = true;
    } catch (err) {
      alert.textContent = err.message || t("err.generic");
    }
  });
  replace(
    figure,
    sized(h("div", { class: "photo-veil" }, h("p", {}, t("photo.blurred")))),
    h("div", { class: "actions" }, show, block, report),
    alert,
  );
  return figure;
}

/** The moderators' view of a photo case: a blurred, greyed thumbnail; the
 * photo itself only on purpose (the reveal is written to the audit log);
 * "confirm" blocks it and adds its hashes to the bank. */
export function moderationPhoto(imageId) {
  const id = encodeURIComponent(imageId);
  const shown = h("img", { src: `${BASE}/moderation/images/${id}/thumbnail`, alt: t("photo.mod_thumb"), class: "photo-mod" });
  const status = h("p", { class: "photo-note", role: "status" });
  const reveal = h("button", { type: "button", class: "button" }, t("photo.mod_reveal"));
  const confirm = h("button", { type: "button", class: "button danger-outline" }, t("photo.mod_confirm"));
  reveal.addEventListener("click", async () => {
    const response = await fetch(`${BASE}/moderation/images/${id}/reveal`, {
      method: "POST",
      headers: { "X-CSRF-Token": csrf() },
      credentials: "same-origin",
    });
    if (!response.ok) {
      status.textContent = t("err.generic");
      return;
    }
    shown.src = URL.createObjectURL(await response.blob());
    shown.alt = t("photo.full");
    status.textContent = t("photo.mod_revealed");
    reveal.disabled = true;
  });
  confirm.addEventListener("click", async () => {
    try {
      await post(`/moderation/images/${id}/confirm`);
      status.textContent = t("photo.mod_confirmed");
      confirm.disabled = true;
    } catch (err) {
      status.textContent = err.message || t("err.generic");
    }
  });
  const titleId = uid("photo");
  return h("section", { class: "panel case-section", "aria-labelledby": titleId }, h("h2", { id: titleId }, t("photo.mod_title")), shown, h("div", { class: "actions" }, reveal, confirm), status);
}
