// Node views: the editing form of each block. They are built once per node
// and update() only refreshes values that changed, so typing elsewhere in a
// long article never rebuilds them (the benchmark in
// internal/admin/editor_bench_test.go holds this).
let seq = 0;

export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k) el.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
  return el;
}

// field makes a labelled input (or textarea) bound to one attribute.
function field(label, name, { area = false, rows = 3, readOnly = false, cls = "" } = {}) {
  const id = "rich-" + name + "-" + ++seq;
  const input = h(area ? "textarea" : "input", area ? { id, rows: String(rows), class: cls } : { id, type: "text", class: cls });
  input.dataset.attr = name;
  if (readOnly) input.readOnly = true;
  const wrap = h("div", { class: "rich-field" }, h("label", { for: id, text: label }), input);
  return { wrap, input };
}

// base is what every block view shares: a non-editable frame whose form
// fields set node attributes through transactions.
function base(props, cls, title) {
  let node = props.node;
  const dom = h("div", { class: "rich-block " + cls, "data-block": props.node.type.name });
  dom.contentEditable = "false";
  dom.appendChild(h("p", { class: "rich-block-title", text: title }));
  const inputs = [];
  const set = (name, value) => {
    const pos = props.getPos();
    if (typeof pos !== "number") return;
    const { state, dispatch } = props.editor.view;
    dispatch(state.tr.setNodeAttribute(pos, name, value));
  };
  const add = (label, name, opts) => {
    const f = field(label, name, opts);
    f.input.value = node.attrs[name] || "";
    f.input.addEventListener("input", () => set(name, f.input.value));
    inputs.push(f.input);
    return f.wrap;
  };
  let refresh = null; // a view's own redraw of what is not a field
  const view = {
    dom,
    get node() { return node; },
    onUpdate(fn) { refresh = fn; },
    update(n) {
      if (n.type !== node.type) return false;
      if (n === node) return true;
      node = n;
      for (const i of inputs) {
        const v = node.attrs[i.dataset.attr] || "";
        if (i.value !== v) i.value = v;
      }
      if (refresh) refresh(node);
      return true;
    },
    stopEvent(e) {
      const t = e.target;
      return !!(t && t !== dom && t.closest && t.closest("input, textarea, button, select, label"));
    },
    ignoreMutation() { return true; },
    selectNode() { dom.classList.add("is-selected"); },
    deselectNode() { dom.classList.remove("is-selected"); },
  };
  return { view, add, set, dom, node: () => node };
}

export function imageView(props) {
  const b = base(props, "rich-image", "Image");
  const img = h("img", { alt: "", draggable: "false" });
  const show = (n) => {
    if (img.getAttribute("src") !== n.attrs.src) img.setAttribute("src", n.attrs.src);
    if (n.attrs.width) img.width = n.attrs.width;
    if (n.attrs.height) img.height = n.attrs.height;
  };
  show(props.node);
  b.dom.appendChild(h("div", { class: "rich-image-pic" }, img));
  const fields = h("div", { class: "rich-fields" },
    b.add("Alt text", "alt"), b.add("Caption", "caption"), b.add("Credit", "credit"));
  b.dom.appendChild(fields);
  b.view.onUpdate(show);
  return b.view;
}

export function galleryView(props) {
  const dom = h("div", { class: "rich-block rich-gallery", "data-block": "gallery" });
  dom.appendChild(h("p", { class: "rich-block-title", text: "Gallery" }));
  const contentDOM = h("div", { class: "rich-gallery-items" });
  dom.appendChild(contentDOM);
  let node = props.node;
  const f = field("Gallery caption", "caption");
  f.input.value = node.attrs.caption || "";
  f.input.addEventListener("input", () => {
    const pos = props.getPos();
    if (typeof pos !== "number") return;
    const { state, dispatch } = props.editor.view;
    dispatch(state.tr.setNodeAttribute(pos, "caption", f.input.value));
  });
  const foot = h("div", { class: "rich-fields" }, f.wrap);
  foot.contentEditable = "false";
  dom.appendChild(foot);
  return {
    dom, contentDOM,
    update(n) {
      if (n.type !== node.type) return false;
      node = n;
      if (f.input.value !== (n.attrs.caption || "")) f.input.value = n.attrs.caption || "";
      return true;
    },
    stopEvent(e) { return !!(e.target && foot.contains(e.target)); },
    ignoreMutation(m) { return foot.contains(m.target); },
  };
}

export function embedView(props) {
  const b = base(props, "rich-embed", "Embed");
  const link = h("p", { class: "rich-embed-link" });
  const show = (n) => {
    link.textContent = (providerNames[n.attrs.provider] || "Link") + ": " + n.attrs.url;
  };
  show(props.node);
  b.dom.appendChild(link);
  b.dom.appendChild(h("div", { class: "rich-fields" }, b.add("Title", "title"), b.add("Caption", "caption")));
  b.view.onUpdate(show);
  return b.view;
}

export function seeAlsoView(props) {
  const b = base(props, "rich-see-also", "See also");
  const line = h("p", { class: "rich-see-also-headline" });
  const show = (n) => { line.textContent = n.attrs.headline + " (" + n.attrs.href + ")"; };
  show(props.node);
  b.dom.appendChild(line);
  b.view.onUpdate(show);
  return b.view;
}

export function pullQuoteView(props) {
  const b = base(props, "rich-pullquote", "Pull quote");
  b.dom.appendChild(h("div", { class: "rich-fields" },
    b.add("Quote", "quote", { area: true, rows: 3 }), b.add("Name", "name")));
  return b.view;
}

export function rawHTMLView(props) {
  const canEdit = props.extension.options.canEdit;
  const b = base(props, "rich-raw", canEdit ? "HTML (editors only)" : "HTML (only an editor can change it)");
  b.dom.appendChild(b.add("HTML", "html", { area: true, rows: 6, readOnly: !canEdit, cls: "rich-code" }));
  return b.view;
}

export const providerNames = {
  youtube: "YouTube", vimeo: "Vimeo", x: "X", bluesky: "Bluesky", instagram: "Instagram", mastodon: "Mastodon",
  soundcloud: "SoundCloud", spotify: "Spotify", documentcloud: "DocumentCloud", datawrapper: "Datawrapper",
  flourish: "Flourish", googledocs: "Google Docs", link: "Link",
};
