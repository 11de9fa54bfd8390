// Dialogs: the media picker (upload or choose, one image or a gallery), the
// article picker for see-also blocks, the embed and link forms. They live
// outside the editor form, so their fields are never posted with it.
import { h } from "./views.js";
import { embedURL } from "./embeds.js";

let seq = 0;

function dialog(title) {
  const id = "rich-dialog-" + ++seq;
  const d = h("dialog", { class: "rich-dialog", "aria-labelledby": id + "-title" });
  const close = h("button", { type: "button", class: "button button-small button-quiet rich-close", text: "Close" });
  close.addEventListener("click", () => d.close());
  d.appendChild(h("div", { class: "rich-dialog-head" }, h("h2", { id: id + "-title", text: title }), close));
  const status = h("p", { class: "rich-status", role: "status" });
  d.appendChild(status);
  document.body.appendChild(d);
  return { d, status, id };
}

function input(label, attrs) {
  const id = "rich-in-" + ++seq;
  const el = h("input", Object.assign({ id }, attrs));
  return { el, wrap: h("div", { class: "field" }, h("label", { for: id, text: label }), el) };
}

export function debounce(fn, ms) {
  let t = 0;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.now = (...args) => { clearTimeout(t); fn(...args); };
  return d;
}

async function getJSON(url) {
  const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || "The server answered " + res.status + ".");
  return body;
}

// upload sends one image file to the media library (POST /admin/media) and
// resolves to its JSON description.
export async function upload(file, csrf) {
  const fd = new FormData();
  fd.append("csrf", csrf);
  fd.append("file", file);
  const res = await fetch("/admin/media", { method: "POST", body: fd, credentials: "same-origin", headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 201 && res.status !== 200) throw new Error(body.error || "The upload failed (" + res.status + ").");
  return body;
}

export function mediaPicker(csrf, onChoose) {
  const { d, status } = dialog("Insert images");
  const file = input("Upload an image", { type: "file", accept: "image/*", multiple: true });
  const q = input("Search the media library", { type: "search", autocomplete: "off" });
  const list = h("ul", { class: "rich-media-list" });
  const more = h("button", { type: "button", class: "button button-small", text: "More", hidden: true });
  const insertOne = h("button", { type: "button", class: "button button-primary", text: "Insert image" });
  const insertGallery = h("button", { type: "button", class: "button", text: "Insert as a gallery" });
  d.append(file.wrap, q.wrap, list, more, h("div", { class: "actions" }, insertOne, insertGallery));
  let page = 1;
  let chosen = [];
  const render = (items, append) => {
    if (!append) list.textContent = "";
    for (const it of items) {
      const id = "rich-media-" + it.id + "-" + ++seq;
      const box = h("input", { type: "checkbox", id, value: String(it.id) });
      box.addEventListener("change", () => {
        chosen = box.checked ? chosen.concat([it]) : chosen.filter((c) => c.id !== it.id);
      });
      const name = it.caption || it.alt || "Image " + it.id;
      list.appendChild(h("li", {}, box, h("label", { for: id }, h("img", { src: it.url, alt: "", width: "80", height: "60" }), " " + name)));
    }
  };
  const search = async (append) => {
    status.textContent = "Searching…";
    try {
      const r = await getJSON("/admin/media.json?q=" + encodeURIComponent(q.el.value.trim()) + "&page=" + page);
      render(r.items || [], append);
      more.hidden = !r.next_page;
      if (r.next_page) page = r.next_page;
      status.textContent = (r.items || []).length ? "" : "No images match.";
    } catch (e) {
      status.textContent = e.message;
    }
  };
  const run = debounce(() => { page = 1; search(false); }, 250);
  q.el.addEventListener("input", run);
  more.addEventListener("click", () => search(true));
  file.el.addEventListener("change", async () => {
    const files = [...file.el.files];
    const done = [];
    for (const f of files) {
      status.textContent = "Uploading " + f.name + "…";
      try {
        done.push(await upload(f, csrf));
      } catch (e) {
        status.textContent = f.name + ": " + e.message;
        return;
      }
    }
    file.el.value = "";
    status.textContent = "";
    if (done.length) {
      d.close();
      onChoose(done, done.length > 1);
    }
  });
  insertOne.addEventListener("click", () => {
    if (!chosen.length) { status.textContent = "Choose an image first."; return; }
    d.close();
    onChoose(chosen, false);
  });
  insertGallery.addEventListener("click", () => {
    if (chosen.length < 2) { status.textContent = "A gallery needs at least two images: tick two or more."; return; }
    d.close();
    onChoose(chosen, true);
  });
  return () => {
    chosen = [];
    status.textContent = "";
    d.showModal();
    page = 1;
    search(false);
    q.el.focus();
  };
}

export function articlePicker(onChoose) {
  const { d, status } = dialog("Insert a see-also link");
  const q = input("Find a published article", { type: "search", autocomplete: "off" });
  const list = h("ul", { class: "rich-article-list" });
  d.append(q.wrap, list);
  let last = 0;
  const search = debounce(async () => {
    const term = q.el.value.trim();
    const mine = ++last;
    if (!term) { list.textContent = ""; status.textContent = ""; return; }
    try {
      const r = await getJSON("/admin/articles/lookup.json?q=" + encodeURIComponent(term));
      if (mine !== last) return;
      list.textContent = "";
      for (const it of r.items || []) {
        const b = h("button", { type: "button", class: "button-link rich-pick", "data-id": String(it.id) },
          h("span", { class: "rich-pick-headline", text: it.headline }), " ", h("span", { class: "rich-pick-meta", text: it.url }));
        b.addEventListener("click", () => { d.close(); onChoose(it); });
        list.appendChild(h("li", {}, b));
      }
      const n = (r.items || []).length;
      status.textContent = n ? n + (n === 1 ? " article" : " articles") : "No published article matches.";
    } catch (e) {
      status.textContent = e.message;
    }
  }, 200);
  q.el.addEventListener("input", search);
  return () => { q.el.value = ""; list.textContent = ""; status.textContent = ""; d.showModal(); q.el.focus(); };
}

export function embedForm(onChoose) {
  const { d, status } = dialog("Embed a link");
  const url = input("Address (https)", { type: "url", autocomplete: "off" });
  const ok = h("button", { type: "button", class: "button button-primary", text: "Embed" });
  d.append(url.wrap, h("div", { class: "actions" }, ok));
  const go = () => {
    const u = embedURL(url.el.value);
    if (!u) { status.textContent = "Enter one https:// address, such as https://www.youtube.com/watch?v=…"; return; }
    d.close();
    onChoose(u);
  };
  ok.addEventListener("click", go);
  url.el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); go(); } });
  return () => { url.el.value = ""; status.textContent = ""; d.showModal(); url.el.focus(); };
}

export function linkForm(onApply) {
  const { d, status } = dialog("Link");
  const url = input("Link address", { type: "text", autocomplete: "off", spellcheck: "false" });
  const ok = h("button", { type: "button", class: "button button-primary", text: "Apply link" });
  const rm = h("button", { type: "button", class: "button", text: "Remove link" });
  d.append(url.wrap, h("div", { class: "actions" }, ok, rm));
  const go = () => {
    const v = url.el.value.trim();
    if (v && !/^(https?:\/\/|mailto:|\/)/i.test(v)) {
      status.textContent = "A link starts with https://, http://, mailto: or / (a page of this site).";
      return;
    }
    d.close();
    onApply(v);
  };
  ok.addEventListener("click", go);
  rm.addEventListener("click", () => { d.close(); onApply(""); });
  url.el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); go(); } });
  return (current) => { url.el.value = current || ""; status.textContent = ""; d.showModal(); url.el.focus(); url.el.select(); };
}
