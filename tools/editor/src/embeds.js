// The providers an embed may name, detected from the URL (the server checks
// again). Anything else on https is a plain link card ("link").
const providers = [
  ["youtube", /^https:\/\/(www\.|m\.)?(youtube\.com\/(watch\?|shorts\/|embed\/)|youtu\.be\/)/i],
  ["vimeo", /^https:\/\/(www\.|player\.)?vimeo\.com\/[0-9]/i],
  ["x", /^https:\/\/(www\.)?(x|twitter)\.com\/[^/]+\/status\/[0-9]+/i],
  ["bluesky", /^https:\/\/bsky\.app\/profile\/[^/]+\/post\//i],
  ["instagram", /^https:\/\/(www\.)?instagram\.com\/(p|reel)\//i],
  ["soundcloud", /^https:\/\/(www\.)?soundcloud\.com\/[^/]+\/[^/]+/i],
  ["spotify", /^https:\/\/open\.spotify\.com\/(track|album|playlist|episode|show)\//i],
  ["documentcloud", /^https:\/\/(www\.|embed\.)?documentcloud\.org\/documents\//i],
  ["datawrapper", /^https:\/\/(datawrapper\.dwcdn\.net|www\.datawrapper\.de\/_)\//i],
  ["flourish", /^https:\/\/(public\.flourish\.studio|flo\.uri\.sh)\/(visualisation|story)\//i],
  ["googledocs", /^https:\/\/docs\.google\.com\/(document|spreadsheets|presentation|forms)\//i],
  ["mastodon", /^https:\/\/[a-z0-9.-]+\/@[A-Za-z0-9_]+\/[0-9]+$/i],
];

// embedURL reports whether s is one URL an embed can hold (https only).
export function embedURL(s) {
  s = String(s || "").trim();
  if (!/^https:\/\/[^\s<>"]+$/i.test(s)) return "";
  try {
    const u = new URL(s);
    return u.protocol === "https:" && u.hostname.includes(".") ? s : "";
  } catch (e) {
    return "";
  }
}

export function provider(url) {
  for (const [id, re] of providers) if (re.test(url)) return id;
  return "link";
}
