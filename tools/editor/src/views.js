// Node views: the editing form of each block. They are built once per node
// and update() only refreshes values that changed, so typing elsewhere in a
// long article never rebuilds them (the benchmark in
// internal/admin/editor_bench_test.go holds this).
let seq = 0;

// CROPS are the per-use crops an image block may choose (decision 0048;
// internal/body/crop.go holds the same list).
export const CROPS = ["16x9", "4x3", "3x2", "1x1", "4x5"];

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
  const img = h("img", { alt: "", draggable: "false", title: "Click to set the focal point" });
  const mark = h("span", { class: "rich-focus-mark", "aria-hidden": "true" });
  // The crop as readers will see it: the same file, cut by CSS (a
  // background, so that the block keeps one <img>).
  const preview = h("div", { class: "rich-crop-preview", role: "img", "aria-label": "Preview of the crop" });
  const previewBox = h("figure", { class: "rich-crop" }, preview, h("figcaption", { text: "Crop preview" }));
  const crop = cropFields(b);
  const show = (n) => {
    if (img.getAttribute("src") !== n.attrs.src) {
      img.setAttribute("src", n.attrs.src);
      preview.style.backgroundImage = "url(" + JSON.stringify(n.attrs.src) + ")";
    }
    if (n.attrs.width) img.width = n.attrs.width;
    if (n.attrs.height) img.height = n.attrs.height;
    const [x, y] = (n.attrs.focus || "0.5,0.5").split(",").map(Number);
    mark.style.left = x * 100 + "%";
    mark.style.top = y * 100 + "%";
    mark.hidden = !n.attrs.focus;
    previewBox.hidden = !n.attrs.crop;
    if (n.attrs.crop) {
      preview.style.aspectRatio = n.attrs.crop.replace("x", " / ");
      preview.style.backgroundPosition = cropPosition(n.attrs, x, y);
    }
    crop.show(n);
  };
  img.addEventListener("click", (e) => {
    const r = img.getBoundingClientRect();
    const f = (v) => Math.min(1, Math.max(0, v)).toFixed(2);
    b.set("focus", f((e.clientX - r.left) / r.width) + "," + f((e.clientY - r.top) / r.height));
  });
  show(props.node);
  b.dom.appendChild(h("div", { class: "rich-image-pic" }, h("div", { class: "rich-focus" }, img, mark), previewBox));
  const fields = h("div", { class: "rich-fields" },
    b.add("Alt text", "alt"), b.add("Caption", "caption"), b.add("Credit", "credit"), crop.dom);
  b.dom.appendChild(fields);
  b.view.onUpdate(show);
  return b.view;
}

// cropPosition places a crop's preview as the server cuts it (media's
// cropArea): the largest rectangle of the ratio, centred on the focal
// point as far as the picture allows, as background-position percents.
function cropPosition(a, fx, fy) {
  const w = a.width || 1, h = a.height || 1;
  const [rw, rh] = a.crop.split("x").map(Number);
  let cw = w, ch = (w * rh) / rw;
  if (ch > h) { cw = (h * rw) / rh; ch = h; }
  const at = (f, size, c) => (size - c < 1 ? 50 : (Math.min(Math.max(f * size - c / 2, 0), size - c) / (size - c)) * 100);
  return at(fx, w, cw).toFixed(1) + "% " + at(fy, h, ch).toFixed(1) + "%";
}

// cropFields are an image block's crop (a select) and focal point (two
// numbers, the keyboard's way to what a click on the picture sets).
function cropFields(b) {
  const id = "rich-crop-" + ++seq;
  const select = h("select", { id });
  for (const [v, label] of [["", "Original"], ...CROPS.map((c) => [c, c.replace("x", ":")])]) {
    select.appendChild(h("option", { value: v, text: label }));
  }
  select.addEventListener("change", () => b.set("crop", select.value));
  const num = (label) => {
    const nid = "rich-focus-" + ++seq;
    const input = h("input", { id: nid, type: "number", min: "0", max: "1", step: "0.01", inputmode: "decimal", class: "rich-focus-num" });
    return { input, wrap: h("span", {}, h("label", { for: nid, text: label }), input) };
  };
  const fx = num("Across (0 left, 1 right)");
  const fy = num("Down (0 top, 1 bottom)");
  const typed = () => {
    const ok = (v) => v !== "" && Number(v) >= 0 && Number(v) <= 1;
    if (fx.input.value === "" && fy.input.value === "") b.set("focus", "");
    else if (ok(fx.input.value) && ok(fy.input.value)) b.set("focus", Number(fx.input.value).toFixed(2) + "," + Number(fy.input.value).toFixed(2));
  };
  fx.input.addEventListener("change", typed);
  fy.input.addEventListener("change", typed);
  const dom = h("div", { class: "rich-field rich-crop-fields" },
    h("label", { for: id, text: "Crop" }), select,
    h("fieldset", { class: "rich-focus-set" }, h("legend", { text: "Focal point (click the picture; empty: the image's own)" }), fx.wrap, fy.wrap));
  return {
    dom,
    show(n) {
      if (select.value !== (n.attrs.crop || "")) select.value = n.attrs.crop || "";
      const [x, y] = n.attrs.focus ? n.attrs.focus.split(",") : ["", ""];
      if (document.activeElement !== fx.input && fx.input.value !== x) fx.input.value = x;
      if (document.activeElement !== fy.input && fy.input.value !== y) fy.input.value = y;
    },
  };
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
