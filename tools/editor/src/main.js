// The rich editor of the article page (decision 0038). It enhances the
// Markdown form when the page carries the stored body as canonical HTML
// (<template id="body-html">): the Markdown textarea is switched off and a
// hidden textarea named body_html, kept in sync on every change, carries the
// body instead; each change fires a bubbling input event on the form.
// Without JavaScript the Markdown form works as before.
import { Editor, Extension, mergeAttributes } from "@tiptap/core";
import { StarterKit } from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Heading from "@tiptap/extension-heading";
import Strike from "@tiptap/extension-strike";
import Subscript from "@tiptap/extension-subscript";
import Superscript from "@tiptap/extension-superscript";
import { NodeSelection, TextSelection } from "@tiptap/pm/state";
import { Image, Gallery, Embed, SeeAlso, PullQuote, RawHTML } from "./nodes.js";
import { serializer, countWords, blank } from "./serialize.js";
import { h } from "./views.js";
import { embedURL, provider } from "./embeds.js";
import { cleanPastedHTML } from "./paste.js";
import { mediaPicker, articlePicker, embedForm, linkForm, upload, debounce } from "./pickers.js";

// Headings are h2 to h4; h1 and h5/h6 in pasted or stored HTML fold in.
const FoldedHeading = Heading.extend({
  parseHTML() {
    return [
      { tag: "h1", attrs: { level: 2 } }, { tag: "h2", attrs: { level: 2 } }, { tag: "h3", attrs: { level: 3 } },
      { tag: "h4", attrs: { level: 4 } }, { tag: "h5", attrs: { level: 4 } }, { tag: "h6", attrs: { level: 4 } },
    ];
  },
});

// Links keep their address only: no target, rel or class from a paste.
const HrefOnlyLink = Link.extend({
  addAttributes() {
    return { href: { default: null, parseHTML: (el) => el.getAttribute("href") } };
  },
});

// Struck-through text is <del> in the contract.
const Del = Strike.extend({
  parseHTML() {
    return [{ tag: "del" }, { tag: "s" }, { tag: "strike" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["del", mergeAttributes(HTMLAttributes), 0];
  },
});

// afterPaint makes fn run once after the next frame is painted, however
// often it is called before then.
function afterPaint(fn) {
  let queued = false;
  const ch = new MessageChannel();
  ch.port1.onmessage = () => { queued = false; fn(); };
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => ch.port2.postMessage(0));
  };
}

function start() {
  const form = document.querySelector("form.editor");
  const back = document.querySelector("a[data-editor-switch]");
  if (back) back.hidden = false; // the Markdown form, asked for: offer the way back
  const tpl = document.getElementById("body-html");
  const textarea = document.getElementById("body");
  if (!form || !tpl || !textarea || form.dataset.rich !== "ready") return;
  const csrf = (form.querySelector('input[name="csrf"]') || {}).value || "";
  const canRaw = form.dataset.rawHtml === "true";

  // The Markdown field steps aside; its text is no longer posted.
  const field = textarea.closest(".field");
  textarea.disabled = true;
  textarea.hidden = true;
  textarea.style.display = "none"; // the stylesheet shows .input-body as a block
  const help = document.getElementById("body-help");
  if (help) help.hidden = true;
  const label = field.querySelector('label[for="body"]');
  label.id = "body-label";
  const out = h("textarea", { name: "body_html", hidden: true, "aria-hidden": "true", tabindex: "-1" });
  out.hidden = true;
  form.appendChild(out);

  const status = h("p", { class: "rich-status", role: "status", id: "rich-status" });
  const toolbar = h("div", { class: "rich-toolbar", role: "toolbar", "aria-label": "Formatting", "aria-controls": "rich-body" });
  const mount = h("div", { class: "rich-mount" });
  const box = h("div", { class: "rich" }, toolbar, mount, status);
  textarea.insertAdjacentElement("afterend", box);
  const action = form.getAttribute("action") || "";
  box.insertAdjacentElement("afterend", h("p", { class: "hint editor-switch" },
    h("a", { href: action + "?editor=markdown", text: "Write in Markdown instead" }), " (changes not saved yet are left behind)."));

  const editor = new Editor({
    element: mount,
    injectCSS: false,
    content: tpl.content.textContent, // escaped in the page, so inert until parsed here
    extensions: [
      StarterKit.configure({
        heading: false, strike: false, codeBlock: false, underline: false, link: false,
      }),
      HrefOnlyLink.configure({ openOnClick: false, autolink: true, linkOnPaste: true, defaultProtocol: "https",
        protocols: ["mailto"], HTMLAttributes: { target: null, rel: null, class: null } }),
      FoldedHeading.configure({ levels: [2, 3, 4] }), Del, Subscript, Superscript,
      Image, Gallery, Embed, SeeAlso, PullQuote, RawHTML.configure({ canEdit: canRaw }),
      Extension.create({
        name: "mastheadKeys",
        addKeyboardShortcuts() {
          return { "Mod-k": () => { openLink(); return true; } };
        },
      }),
    ],
    editorProps: {
      attributes: { id: "rich-body", class: "rich-body", role: "textbox", "aria-multiline": "true", "aria-labelledby": "body-label", spellcheck: "true" },
      transformPastedHTML: cleanPastedHTML,
      handlePaste(view, event) {
        const files = imageFiles(event.clipboardData);
        if (files.length) {
          uploadAndInsert(files, view.state.selection.from);
          return true;
        }
        const text = event.clipboardData && event.clipboardData.getData("text/plain");
        const html = event.clipboardData && event.clipboardData.getData("text/html");
        const url = !html && embedURL(text);
        const sel = view.state.selection;
        if (url && sel.empty && sel.$from.parent.type.name === "paragraph" && sel.$from.parent.content.size === 0 && sel.$from.depth === 1) {
          insertEmbed(url);
          return true;
        }
        return false;
      },
      handleDrop(view, event, _slice, moved) {
        if (moved) return false;
        const files = imageFiles(event.dataTransfer);
        if (!files.length) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        uploadAndInsert(files, at ? at.pos : view.state.selection.from);
        return true;
      },
    },
  });
  form.dataset.rich = "on";

  // The canonical body, kept in the hidden field; blocks (top-level nodes)
  // are cached by identity, so this costs one block per keystroke.
  const serialize = serializer(editor.schema);
  out.value = serialize(editor.state.doc);
  const flush = () => { out.value = serialize(editor.state.doc); };
  form.addEventListener("submit", flush);
  // Work that follows a change runs after the frame that shows it is
  // painted, once for any number of changes in between: typing stays as
  // fast as the bare editor on a long article (editor_bench_test.go).
  let changed = false;
  const sync = afterPaint(() => {
    if (!changed) return;
    changed = false;
    out.value = serialize(editor.state.doc);
    out.dispatchEvent(new Event("input", { bubbles: true }));
    stats();
  });
  editor.on("update", () => {
    changed = true;
    sync();
  });

  // ---- toolbar
  const chain = () => editor.chain().focus();
  const buttons = [];
  const button = (label, text, run, state, opts = {}) => {
    const b = h("button", { type: "button", class: "rich-button" + (opts.cls ? " " + opts.cls : ""), "aria-label": label, title: label + (opts.keys ? " (" + opts.keys + ")" : "") });
    b.appendChild(h("span", { "aria-hidden": "true", text }));
    if (state) b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", run);
    b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    toolbar.appendChild(b);
    buttons.push({ b, state, enabled: opts.enabled });
    return b;
  };
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";
  const group = () => toolbar.appendChild(h("span", { class: "rich-sep", "aria-hidden": "true" }));
  button("Bold", "B", () => chain().toggleBold().run(), () => editor.isActive("bold"), { keys: mod + "B", cls: "rich-b" });
  button("Italic", "I", () => chain().toggleItalic().run(), () => editor.isActive("italic"), { keys: mod + "I", cls: "rich-i" });
  button("Link", "Link", () => openLink(), () => editor.isActive("link"), { keys: mod + "K" });
  group();
  for (const l of [2, 3, 4]) {
    button("H" + l + " heading", "H" + l, () => chain().toggleHeading({ level: l }).run(), () => editor.isActive("heading", { level: l }), { keys: mod + "Alt+" + l });
  }
  button("Bulleted list", "Bulleted", () => chain().toggleBulletList().run(), () => editor.isActive("bulletList"), { keys: mod + "Shift+8" });
  button("Numbered list", "Numbered", () => chain().toggleOrderedList().run(), () => editor.isActive("orderedList"), { keys: mod + "Shift+7" });
  button("Quote", "Quote", () => chain().toggleBlockquote().run(), () => editor.isActive("blockquote"), { keys: mod + "Shift+B" });
  group();
  button("Insert image", "Image", () => openMedia());
  button("Insert embed", "Embed", () => openEmbed());
  button("Insert see-also link", "See also", () => openArticles());
  button("Insert pull quote", "Pull quote", () => insertBlock({ type: "pullQuote", attrs: { quote: "", name: "" } }, ".rich-pullquote textarea"));
  button("Insert divider", "Divider", () => chain().setHorizontalRule().run());
  if (canRaw) button("Insert HTML (editors only)", "HTML", () => insertBlock({ type: "rawHTML", attrs: { html: "" } }, ".rich-raw textarea"));
  group();
  button("Undo", "Undo", () => chain().undo().run(), null, { keys: mod + "Z", enabled: () => editor.can().undo() });
  button("Redo", "Redo", () => chain().redo().run(), null, { keys: mod + "Shift+Z", enabled: () => editor.can().redo() });

  const refresh = () => {
    for (const { b, state, enabled } of buttons) {
      if (state) {
        const on = String(!!state());
        if (b.getAttribute("aria-pressed") !== on) b.setAttribute("aria-pressed", on);
      }
      if (enabled) b.disabled = !enabled();
    }
  };
  editor.on("transaction", afterPaint(refresh));
  refresh();

  // ---- blocks
  function insertBlock(json, focusSel) {
    chain().insertContent(json).run();
    if (focusSel) {
      const { from } = editor.state.selection;
      requestAnimationFrame(() => {
        const el = editor.view.nodeDOM(from - 1) || editor.view.domAtPos(from).node;
        const f = el && el.querySelector ? el.querySelector(focusSel) : null;
        const all = mount.querySelectorAll(focusSel);
        (f || all[all.length - 1] || {}).focus && (f || all[all.length - 1]).focus();
      });
    }
  }
  const imageNode = (m) => ({ type: "image", attrs: { mediaId: m.id, src: m.url, width: m.width, height: m.height, alt: m.alt || "", caption: m.caption || "", credit: m.credit || "", focus: "" } });
  function insertImages(items, asGallery, at) {
    const nodes = items.map(imageNode);
    const content = asGallery && nodes.length > 1 ? { type: "gallery", attrs: { caption: "" }, content: nodes } : nodes;
    if (typeof at === "number") editor.chain().focus().insertContentAt(at, content).run();
    else chain().insertContent(content).run();
    say(nodes.length === 1 ? "Image inserted: add its alt text, caption and credit." : nodes.length + " images inserted.");
  }
  function insertEmbed(url) {
    chain().insertContent({ type: "embed", attrs: { provider: provider(url), url, title: url, caption: "" } }).run();
    say("Embed inserted (" + provider(url) + ").");
  }
  async function uploadAndInsert(files, at) {
    const done = [];
    for (const f of files) {
      say("Uploading " + f.name + "…");
      try {
        done.push(await upload(f, csrf));
      } catch (e) {
        say(f.name + ": " + e.message);
        return;
      }
    }
    insertImages(done, done.length > 1, at);
  }
  function imageFiles(dt) {
    if (!dt || !dt.files) return [];
    return [...dt.files].filter((f) => /^image\//.test(f.type));
  }
  function say(msg) { status.textContent = msg; }

  const openMedia = mediaPicker(csrf, (items, gallery) => insertImages(items, gallery));
  const openEmbed = embedForm(insertEmbed);
  const openArticles = articlePicker((it) => {
    insertBlock({ type: "seeAlso", attrs: { id: it.id, href: it.url, headline: it.headline } });
    say("See-also link inserted: " + it.headline + ".");
  });
  const linkDialog = linkForm((href) => {
    if (!href) chain().extendMarkRange("link").unsetLink().run();
    else chain().extendMarkRange("link").setLink({ href }).run();
  });
  function openLink() { linkDialog(editor.getAttributes("link").href || ""); }

  // Suggested see-also articles (decision 0034) go in as see-also blocks.
  document.querySelectorAll("button[data-see-also]").forEach((b) => {
    b.addEventListener("click", (e) => {
      e.preventDefault();
      const li = b.closest("li");
      const path = b.getAttribute("data-see-also").replace(/^See also:\s*/, "");
      const headline = li ? li.querySelector(".suggestion-headline").textContent.trim() : path;
      insertBlock({ type: "seeAlso", attrs: { id: Number(b.value), href: path, headline } });
      b.disabled = true;
      b.textContent = "Inserted";
    });
  });

  // Enter in a block's own fields must not submit the form.
  mount.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target.tagName === "INPUT") e.preventDefault();
  });

  // ---- the side panel: counts as you type, checks from the server
  const panel = h("section", { class: "panel panel-writing", "aria-labelledby": "writing-title" });
  const facts = h("dl", { class: "facts" });
  const dd = (name, id) => { facts.append(h("dt", { text: name }), h("dd", { id })); };
  dd("Words", "stat-words");
  dd("Reading time", "stat-reading");
  dd("Headline", "stat-headline");
  const checks = h("ul", { class: "live-checks", id: "live-checks" });
  const checkNote = h("p", { class: "hint", id: "live-checks-status", role: "status" });
  panel.append(h("h2", { id: "writing-title", text: "As you write" }), facts, h("h3", { text: "Checks" }), checkNote, checks);
  const side = document.querySelector(".editor-side");
  if (side) side.insertBefore(panel, side.children[1] || null);
  const headline = document.getElementById("headline");
  function stats() {
    const words = countWords(editor.state.doc);
    const mins = words ? Math.max(1, Math.round(words / 230)) : 0;
    document.getElementById("stat-words").textContent = words.toLocaleString("en-US");
    document.getElementById("stat-reading").textContent = mins ? mins + (mins === 1 ? " minute" : " minutes") : "—";
    const n = headline ? [...headline.value].length : 0;
    document.getElementById("stat-headline").textContent = n + (n === 1 ? " character" : " characters");
  }
  stats();
  if (headline) headline.addEventListener("input", stats);

  let asked = 0;
  const runChecks = debounce(async () => {
    flush();
    const fd = new FormData(form);
    const mine = ++asked;
    try {
      const res = await fetch("/admin/articles/checks", { method: "POST", body: fd, credentials: "same-origin", headers: { Accept: "application/json" } });
      if (res.status === 404 || res.status === 405) { checkNote.textContent = "Checks run when you save."; return; }
      const r = await res.json();
      if (mine !== asked) return;
      if (!res.ok) throw new Error(r.error || String(res.status));
      showChecks(r.checks || []);
    } catch (e) {
      if (mine === asked) checkNote.textContent = "Checks could not run just now; they run again when you save.";
    }
  }, 800);
  form.addEventListener("input", runChecks);
  form.addEventListener("change", runChecks);
  runChecks();

  function showChecks(list) {
    checks.textContent = "";
    checkNote.textContent = list.length ? list.length + (list.length === 1 ? " check to look at" : " checks to look at") : "All pre-publish checks pass.";
    const old = document.getElementById("checks-summary");
    if (old) old.hidden = true;
    document.querySelectorAll(".checks-ok").forEach((el) => { el.hidden = true; });
    for (const c of list) {
      const target = typeof c.block === "number" && c.block >= 0 ? "#rich-body" : "#" + (c.field || "body");
      const a = h("a", { href: target, class: "check-link", text: c.message });
      a.addEventListener("click", (e) => { e.preventDefault(); goTo(c); });
      const li = h("li", { class: "check check-" + (c.severity || "error") }, a);
      if (c.excerpt) li.appendChild(h("span", { class: "check-excerpt", text: "“" + c.excerpt + "”" }));
      checks.appendChild(li);
    }
  }

  // blockAt finds the top-level node of canonical block n (0-based, in the
  // order of body_html's lines: empty paragraphs are not blocks).
  function blockPos(n) {
    let pos = 0, i = 0, found = -1;
    editor.state.doc.forEach((node, offset) => {
      if (found >= 0) return;
      const empty = node.type.name === "paragraph" && blank(node);
      if (!empty) {
        if (i === n) found = offset;
        i++;
      }
      pos = offset;
    });
    return found;
  }
  function goTo(c) {
    if (typeof c.block === "number" && c.block >= 0) {
      const pos = blockPos(c.block);
      if (pos >= 0) {
        const node = editor.state.doc.nodeAt(pos);
        const sel = node.isTextblock || !node.isAtom
          ? TextSelection.create(editor.state.doc, pos + 1, pos + node.nodeSize - 1)
          : NodeSelection.create(editor.state.doc, pos);
        editor.view.dispatch(editor.state.tr.setSelection(sel).scrollIntoView());
        editor.view.focus();
        const dom = editor.view.nodeDOM(pos);
        if (dom && dom.scrollIntoView) dom.scrollIntoView({ block: "center" });
        return;
      }
    }
    const el = document.getElementById(c.field || "") || document.querySelector('[name="' + (c.field || "") + '"]');
    if (el && !el.hidden) { el.scrollIntoView({ block: "center" }); el.focus(); }
    else editor.commands.focus();
  }

  window.mastheadEditor = editor; // for tests and the benchmark
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
