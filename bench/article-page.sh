#!/usr/bin/env bash
# Benchmark: the article page of the demo publication plus 10,000 generated
# articles, served by Masthead (page cache warm, and off), side by side with
# nginx serving the same HTML as a static file, and with bare net/http
# handlers writing the same bytes (the ceiling of a Go server). Loopback.
#
#   bench/article-page.sh            # needs wrk and nginx-light (apt-get install wrk nginx-light)
#   ROUNDS=5 DURATION=10s bench/article-page.sh
#   COMPARE=/tmp/masthead-old bench/article-page.sh   # also another build, cache warm
#
# Every target runs once per round, in turn, so a noisy neighbour slows all
# of them alike; the table gives each target's median over the rounds and
# the median of its per-round ratio to nginx. Also: Masthead's RSS after the
# runs and the time from start to the first 200.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install wrk nginx-light curl" >&2; exit 1; }
done

EXTRA=${EXTRA:-10000}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
# A browser's User-Agent, so that Masthead counts each request as a reader's
# page view (decision 0033) as it would a real reader's; wrk sends none.
UA=${UA:-"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}
OUT=bench/out
mkdir -p "$OUT"
rm -f "$OUT"/*.txt
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

go build -o "$WORK/masthead" ./cmd/masthead
go build -o "$WORK/baseline" ./bench/baseline
echo "loading demo + $EXTRA generated articles..."
"$WORK/masthead" demo --data "$WORK/data" --extra "$EXTRA" --log-level warn

# start_masthead PORT CACHE_OFF NAME: starts Masthead in this shell (so the
# exit trap stops it) and sets NAME_PID and NAME_START (ms to the first 200).
start_masthead() {
  local t0 t1
  t0=$(date +%s%N)
  MASTHEAD_CACHE_OFF=$2 "$WORK/masthead" serve --data "$WORK/data" --addr "127.0.0.1:$1" --log-level warn &
  printf -v "$3_PID" '%s' $!
  until curl -fsS -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; do sleep 0.005; done
  t1=$(date +%s%N)
  printf -v "$3_START" '%s' $(( (t1 - t0) / 1000000 ))
}
start_masthead 28080 false CACHED
start_masthead 28084 true UNCACHED
if [ -n "${COMPARE:-}" ]; then
  # Another build (an older commit) on its own copy of the demo, served
  # in the same rounds, so that a noisy machine slows both alike.
  "$COMPARE" demo --data "$WORK/data-compare" --extra "$EXTRA" --log-level warn
  "$COMPARE" serve --data "$WORK/data-compare" --addr 127.0.0.1:28085 --log-level warn &
  until curl -fsS -o /dev/null "http://127.0.0.1:28085/" 2>/dev/null; do sleep 0.005; done
fi

SLUG=$(curl -fsS "http://127.0.0.1:28080/" | grep -o 'href="/articles/[a-z0-9-]*"' | head -1 | sed 's/href="\/articles\///; s/"//')
mkdir -p "$WORK/www"
curl -fsS "http://127.0.0.1:28080/articles/$SLUG" > "$WORK/www/article.html"
BYTES=$(wc -c < "$WORK/www/article.html")

# Debian's stock nginx.conf (worker_processes auto, sendfile, tcp_nopush,
# mime.types, an access log, gzip on, default keepalive), with this run's
# paths and port: nginx as an operator would run it to serve a file.
cat > "$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 768; }
http {
  sendfile on;
  tcp_nopush on;
  types_hash_max_size 2048;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $WORK/nginx-access.log;
  gzip on;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:28081; root $WORK/www; }
}
NGINX
mkdir -p "$WORK/tmp"
nginx -c "$WORK/nginx.conf"
"$WORK/baseline" -file "$WORK/www/article.html" -addr 127.0.0.1:28082 &
"$WORK/baseline" -file "$WORK/www/article.html" -addr 127.0.0.1:28083 -like-masthead &
until curl -fsS -o /dev/null http://127.0.0.1:28083/ 2>/dev/null; do sleep 0.01; done

declare -A URLS=(
  [nginx]="http://127.0.0.1:28081/article.html"
  [cached]="http://127.0.0.1:28080/articles/$SLUG"
  [uncached]="http://127.0.0.1:28084/articles/$SLUG"
  [bare]="http://127.0.0.1:28082/articles/$SLUG"
  [bare-headers]="http://127.0.0.1:28083/articles/$SLUG"
)
TARGETS=(nginx cached uncached bare bare-headers)
if [ -n "${COMPARE:-}" ]; then
  URLS[compare]="http://127.0.0.1:28085/articles/$SLUG"
  TARGETS+=(compare)
  curl -fsS -o /dev/null "${URLS[compare]}"
fi
curl -fsS -o /dev/null "${URLS[cached]}" # warm the page cache

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS..."
  for t in "${TARGETS[@]}"; do
    wrk -t1 -c32 -d"$DURATION" --latency -H "User-Agent: $UA" "${URLS[$t]}" > "$OUT/$t-$round.txt"
  done
done
CACHED_RSS=$(awk '/VmRSS/ {print $2}' "/proc/$CACHED_PID/status")
UNCACHED_RSS=$(awk '/VmRSS/ {print $2}' "/proc/$UNCACHED_PID/status")

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
row() { # row TARGET LABEL
  local t=$1 r rates="" ratios="" p99s=""
  for r in $(seq 1 "$ROUNDS"); do
    rates+="$(rps "$OUT/$t-$r.txt")"$'\n'
    ratios+="$(echo "$(rps "$OUT/$t-$r.txt") / $(rps "$OUT/nginx-$r.txt")" | bc -l)"$'\n'
    p99s+="$(p99 "$OUT/$t-$r.txt")"$'\n'
  done
  printf "%-26s %8.0f req/s  ratio to nginx %.2f (rounds: %s)  p99 %s\n" "$2" \
    "$(printf '%s' "$rates" | median)" "$(printf '%s' "$ratios" | median)" \
    "$(printf '%s' "$ratios" | xargs printf '%.2f ' | sed 's/ $//')" "$(printf '%s' "$p99s" | tr '\n' ' ' | sed 's/ $//')"
}
{
  echo "article page: /articles/$SLUG ($BYTES bytes), demo + $EXTRA articles, wrk -t1 -c32 -d$DURATION, $ROUNDS rounds, medians"
  row nginx "nginx static file"
  row cached "masthead, cache warm"
  row uncached "masthead, cache off"
  row bare "bare net/http, 1 header"
  row bare-headers "bare, Masthead's headers"
  if [ -n "${COMPARE:-}" ]; then row compare "COMPARE build, cache warm"; fi
  echo "masthead RSS after the runs: cache on $((CACHED_RSS / 1024)) MB, cache off $((UNCACHED_RSS / 1024)) MB"
  echo "start to first 200: ${CACHED_START} ms (cache on), ${UNCACHED_START} ms (cache off)"
} | tee "$OUT/results.txt"
