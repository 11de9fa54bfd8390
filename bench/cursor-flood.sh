#!/usr/bin/env bash
# Memory under a flood of distinct list-page cursors: anonymous requests
# for /sections/<slug>?after=<cursor>, each a new valid cursor that renders
# a full page of articles, asked of Masthead (page cache on, default
# budget) on loopback. Prints the process RSS before and after, and whether
# the article page cached before the flood is still answered from the cache.
#
#   bench/cursor-flood.sh                 # needs curl
#   REQUESTS=12000 EXTRA=2000 bench/cursor-flood.sh
#   BIN=/path/to/masthead bench/cursor-flood.sh   # measure another build
#
# Every cursor is accepted by the site (internal/site/cursor.go checks its
# form, not that an article has it) and lists the 20 articles published
# before it, so each request renders and offers the cache a full page.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v curl >/dev/null || { echo "missing curl: apt-get install curl" >&2; exit 1; }

REQUESTS=${REQUESTS:-12000}
EXTRA=${EXTRA:-2000}
PORT=${PORT:-28090}
METRICS_PORT=${METRICS_PORT:-28091}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ -z "${BIN:-}" ]; then
  go build -o "$WORK/masthead" ./cmd/masthead
  BIN="$WORK/masthead"
fi
echo "loading demo + $EXTRA generated articles..."
"$BIN" demo --data "$WORK/data" --extra "$EXTRA" --log-level warn

MASTHEAD_METRICS_ADDR=127.0.0.1:$METRICS_PORT "$BIN" serve --data "$WORK/data" --addr "127.0.0.1:$PORT" --log-level warn &
PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 2000); do curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break; sleep 0.01; done

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status"; }
metric() { { curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" 2>/dev/null || true; } | awk -v m="$1" '$1 == m {print $2}'; }

# The pages readers come back to: the front page, every section, one article.
SECTIONS=$(curl -fsS "$BASE/" | grep -o 'href="/sections/[a-z0-9-]*"' | sed 's/href="\/sections\///; s/"//' | sort -u)
ARTICLE=$(curl -fsS "$BASE/" | grep -o 'href="/articles/[a-z0-9-]*"' | head -1 | sed 's/href="//; s/"//')
for s in $SECTIONS; do curl -fsS -o /dev/null "$BASE/sections/$s"; done
curl -fsS -o /dev/null "$BASE$ARTICLE"
BEFORE=$(rss)

# One curl process for all requests (keep-alive), from a generated list.
NOW=$(date +%s%6N)
read -ra SECS <<<"$(echo $SECTIONS)"
: >"$WORK/urls"
for i in $(seq 1 "$REQUESTS"); do
  s=${SECS[$((i % ${#SECS[@]}))]}
  printf 'url = "%s/sections/%s?after=%d-%d"\noutput = "/dev/null"\n' "$BASE" "$s" $((NOW - i)) "$i" >>"$WORK/urls"
done
echo "asking for $REQUESTS distinct cursors over ${#SECS[@]} sections..."
t0=$(date +%s%N)
curl -fsS --config "$WORK/urls" -w '%{http_code}\n' | sort | uniq -c | sed 's/^/  status /'
t1=$(date +%s%N)
AFTER=$(rss)

HITS0=$(metric masthead_page_cache_hits_total)
curl -fsS -o /dev/null "$BASE$ARTICLE"
HITS1=$(metric masthead_page_cache_hits_total)
{
  echo "cursor flood: $REQUESTS distinct ?after= requests in $(( (t1 - t0) / 1000000 )) ms, demo + $EXTRA articles"
  echo "RSS before $BEFORE MB, after $AFTER MB"
  if [ -n "$HITS0" ]; then
    echo "page cache after: $(metric masthead_page_cache_pages) pages, $(( $(metric masthead_page_cache_bytes) / 1024 )) KB"
    echo "article page cached before the flood is a hit after it: $([ "$HITS1" -gt "$HITS0" ] && echo yes || echo no)"
  fi
}
