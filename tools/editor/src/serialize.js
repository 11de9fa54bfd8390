// The canonical body (the body contract): top-level blocks, one per line.
// Each top-level node's HTML is cached by node identity: ProseMirror shares
// unchanged nodes between states, so a keystroke re-serializes one block.
import { DOMSerializer } from "@tiptap/pm/model";
import { imageSpec } from "./nodes.js";

const cache = new WeakMap();

// blank is a paragraph with nothing but spaces: not a block of the body.
export function blank(node) {
  if (node.textContent.trim() !== "") return false;
  let other = false;
  node.forEach((c) => { if (!c.isText) other = true; });
  return !other;
}

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function spec(s) {
  // A DOMOutputSpec of strings and arrays (no holes) to HTML.
  if (typeof s === "string") return esc(s);
  const [tag, ...rest] = s;
  let attrs = "";
  let kids = rest;
  if (rest.length && rest[0] && typeof rest[0] === "object" && !Array.isArray(rest[0])) {
    for (const [k, v] of Object.entries(rest[0])) attrs += " " + k + '="' + esc(v) + '"';
    kids = rest.slice(1);
  }
  if (tag === "img" || tag === "br" || tag === "hr") return "<" + tag + attrs + ">";
  return "<" + tag + attrs + ">" + kids.map(spec).join("") + "</" + tag + ">";
}

export function serializer(schema) {
  const dom = DOMSerializer.fromSchema(schema);
  const inline = (node) => {
    const box = document.createElement("div");
    box.appendChild(dom.serializeFragment(node.content));
    return box.innerHTML;
  };
  const block = (node) => {
    const t = node.type.name;
    switch (t) {
      case "paragraph":
        return blank(node) ? "" : "<p>" + inline(node) + "</p>";
      case "heading": {
        const l = Math.min(4, Math.max(2, node.attrs.level || 2));
        return "<h" + l + ">" + inline(node) + "</h" + l + ">";
      }
      case "bulletList":
      case "orderedList": {
        const tag = t === "bulletList" ? "ul" : "ol";
        let out = "<" + tag + ">";
        node.forEach((li) => {
          // One paragraph (and perhaps nested lists) is a tight item: its
          // text goes in the li itself; several paragraphs keep their <p>s.
          let paras = 0;
          li.forEach((c) => { if (c.type.name === "paragraph") paras++; });
          const tight = paras === 1 && li.firstChild.type.name === "paragraph";
          let inner = "";
          li.forEach((c) => {
            if (c.type.name !== "paragraph") inner += block(c);
            else inner += tight ? inline(c) : "<p>" + inline(c) + "</p>";
          });
          out += "<li>" + inner + "</li>";
        });
        return out + "</" + tag + ">";
      }
      case "blockquote": {
        let inner = "";
        node.forEach((c) => { inner += block(c); });
        return inner ? "<blockquote>" + inner + "</blockquote>" : "";
      }
      case "horizontalRule":
        return "<hr>";
      case "image":
        return spec(imageSpec(node.attrs));
      case "gallery": {
        let inner = "";
        node.forEach((c) => { inner += spec(imageSpec(c.attrs)); });
        return '<figure class="gallery">' + inner + (node.attrs.caption ? "<figcaption>" + esc(node.attrs.caption) + "</figcaption>" : "") + "</figure>";
      }
      case "rawHTML":
        return node.attrs.html.trim() ? '<div class="raw-html">' + node.attrs.html.trim() + "</div>" : "";
      default: {
        // embed, see-also, pull quote: their renderHTML is the contract.
        const s = node.type.spec.toDOM(node);
        return spec(s);
      }
    }
  };
  return function serialize(doc) {
    const out = [];
    doc.forEach((node) => {
      let html = cache.get(node);
      if (html === undefined) {
        html = block(node);
        cache.set(node, html);
      }
      if (html) out.push(html);
    });
    return out.join("\n");
  };
}

// words counts the words of the body (text of every block, captions
// included), cached per top-level node like the HTML.
const wordCache = new WeakMap();
export function countWords(doc) {
  let n = 0;
  doc.forEach((node) => {
    let c = wordCache.get(node);
    if (c === undefined) {
      let txt = node.textContent;
      if (node.type.name === "pullQuote") txt = node.attrs.quote;
      const m = txt.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
      c = m ? m.length : 0;
      wordCache.set(node, c);
    }
    n += c;
  });
  return n;
}
