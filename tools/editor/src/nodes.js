// Block nodes of the canonical body (docs/body contract): each parses its
// stored HTML and renders EXACTLY that HTML; serialize.js writes the
// canonical form, renderHTML here serves copy and drag within the editor.
import { Node, mergeAttributes } from "@tiptap/core";
import { imageView, galleryView, embedView, seeAlsoView, pullQuoteView, rawHTMLView, CROPS } from "./views.js";

const plain = (name, def) => ({ default: def === undefined ? "" : def, rendered: false });

function text(el, sel) {
  const n = el.querySelector(sel);
  return n ? n.textContent.trim() : "";
}

// imageAttrs reads a figure.image (or its img) into node attributes.
export function imageAttrs(fig) {
  const img = fig.querySelector("img");
  if (!img) return false;
  const num = (v) => (v && /^[0-9]+$/.test(v) ? Number(v) : null);
  const focus = fig.getAttribute("data-focus") || "";
  const crop = fig.getAttribute("data-crop") || "";
  return {
    mediaId: num(fig.getAttribute("data-media-id")),
    src: img.getAttribute("src") || "",
    alt: img.getAttribute("alt") || "",
    width: num(img.getAttribute("width")),
    height: num(img.getAttribute("height")),
    caption: text(fig, ":scope > figcaption > .caption"),
    credit: text(fig, ":scope > figcaption > .credit"),
    focus: /^(0(\.[0-9]+)?|1(\.0+)?),(0(\.[0-9]+)?|1(\.0+)?)$/.test(focus) ? focus : "",
    crop: CROPS.includes(crop) ? crop : "",
  };
}

export function imageSpec(a) {
  const fig = { class: "image", "data-media-id": String(a.mediaId || "") };
  if (a.focus) fig["data-focus"] = a.focus;
  if (a.crop) fig["data-crop"] = a.crop;
  const img = ["img", { src: a.src, alt: a.alt || "", width: String(a.width || ""), height: String(a.height || "") }];
  const cap = [];
  if (a.caption) cap.push(["span", { class: "caption" }, a.caption]);
  if (a.caption && a.credit) cap.push(" ");
  if (a.credit) cap.push(["span", { class: "credit" }, a.credit]);
  return cap.length ? ["figure", fig, img, ["figcaption", ...cap]] : ["figure", fig, img];
}

export const Image = Node.create({
  name: "image",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      mediaId: plain("mediaId", null), src: plain("src"), alt: plain("alt"), width: plain("width", null),
      height: plain("height", null), caption: plain("caption"), credit: plain("credit"), focus: plain("focus"),
      crop: plain("crop"),
    };
  },
  parseHTML() {
    return [{ tag: "figure.image", priority: 70, getAttrs: imageAttrs }];
  },
  renderHTML({ node }) {
    return imageSpec(node.attrs);
  },
  addNodeView() {
    return imageView;
  },
});

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  content: "image+",
  draggable: true,
  isolating: true,
  addAttributes() {
    return { caption: plain("caption") };
  },
  parseHTML() {
    return [{
      tag: "figure.gallery", priority: 70,
      getAttrs: (el) => ({ caption: text(el, ":scope > figcaption") }),
      contentElement: (el) => {
        // Only the image figures are content; the caption is an attribute.
        const box = document.createElement("div");
        el.querySelectorAll(":scope > figure.image").forEach((f) => box.appendChild(f.cloneNode(true)));
        return box;
      },
    }];
  },
  renderHTML() {
    return ["figure", { class: "gallery" }, 0];
  },
  addNodeView() {
    return galleryView;
  },
});

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { provider: plain("provider", "link"), url: plain("url"), title: plain("title"), caption: plain("caption") };
  },
  parseHTML() {
    return [{
      tag: "figure.embed", priority: 70,
      getAttrs: (el) => {
        const url = el.getAttribute("data-url") || "";
        if (!/^https:\/\//i.test(url)) return false;
        return { provider: el.getAttribute("data-provider") || "link", url, title: text(el, ":scope > a") || url, caption: text(el, ":scope > figcaption") };
      },
    }];
  },
  renderHTML({ node: { attrs: a } }) {
    const out = ["figure", { class: "embed", "data-provider": a.provider, "data-url": a.url }, ["a", { href: a.url }, a.title || a.url]];
    if (a.caption) out.push(["figcaption", a.caption]);
    return out;
  },
  addNodeView() {
    return embedView;
  },
});

export const SeeAlso = Node.create({
  name: "seeAlso",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { id: plain("id", null), href: plain("href"), headline: plain("headline") };
  },
  parseHTML() {
    return [{
      tag: "aside.see-also", priority: 70,
      getAttrs: (el) => {
        const id = el.getAttribute("data-article-id") || "";
        if (!/^[0-9]+$/.test(id)) return false;
        const a = el.querySelector("a");
        return { id: Number(id), href: a ? a.getAttribute("href") : "", headline: a ? a.textContent.trim() : "" };
      },
    }];
  },
  renderHTML({ node: { attrs: a } }) {
    return ["aside", { class: "see-also", "data-article-id": String(a.id) }, ["a", { href: a.href }, a.headline]];
  },
  addNodeView() {
    return seeAlsoView;
  },
});

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { quote: plain("quote"), name: plain("name") };
  },
  parseHTML() {
    return [{
      tag: "figure.pullquote", priority: 70,
      getAttrs: (el) => {
        const ps = [...el.querySelectorAll(":scope > blockquote p")].map((p) => p.textContent.trim()).filter(Boolean);
        const q = ps.length ? ps.join("\n\n") : text(el, ":scope > blockquote");
        return { quote: q, name: text(el, ":scope > figcaption") };
      },
    }];
  },
  renderHTML({ node: { attrs: a } }) {
    const paras = String(a.quote).split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean).map((s) => ["p", s]);
    const out = ["figure", { class: "pullquote" }, ["blockquote", ...(paras.length ? paras : [["p", ""]])]];
    if (a.name) out.push(["figcaption", a.name]);
    return out;
  },
  addNodeView() {
    return pullQuoteView;
  },
});

export const RawHTML = Node.create({
  name: "rawHTML",
  addOptions() {
    return { canEdit: false }; // editors and admins only (the server holds the rule)
  },
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { html: plain("html") };
  },
  parseHTML() {
    return [{
      tag: "div.raw-html", priority: 70,
      getAttrs: (el) => ({ html: el.hasAttribute("data-html") ? el.getAttribute("data-html") : el.innerHTML.trim() }),
    }];
  },
  renderHTML({ node }) {
    // Copy and drag inside the editor carry the markup in data-html; the
    // canonical serializer (serialize.js) writes it as HTML.
    return ["div", mergeAttributes({ class: "raw-html", "data-html": node.attrs.html })];
  },
  addNodeView() {
    return rawHTMLView;
  },
});
