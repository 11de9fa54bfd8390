// cleanPastedHTML strips what word processors and web pages put around
// their text before ProseMirror parses it against the body's schema (which
// keeps no classes, styles or spans at all): comments (Word's conditional
// ones included), Office namespaced tags (<o:p>, <w:…>), scripts, styles,
// and the head of a full document.
export function cleanPastedHTML(html) {
  return String(html)
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<!\[(?:if|endif)[^\]]*\]>/gi, "")
    .replace(/<(script|style|xml|head|title|meta|link|template|iframe|object|noscript)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<(meta|link|base)\b[^>]*>/gi, "")
    .replace(/<\/?[a-z]+:[a-z][^>]*>/gi, "")
    .replace(/\s(?:style|id|lang|align|on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "")
    // Word's spacer paragraphs (&nbsp; alone) are not paragraphs.
    .replace(/<p\b[^>]*>(?:\s|&nbsp;|&#160;|\u00a0|<br\s*\/?>|<\/?span\b[^>]*>)*<\/p>/gi, "");
}
