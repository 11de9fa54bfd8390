#!/usr/bin/env bash
# Benchmark: the article page of the demo publication plus 10,000 generated
# articles, served by Masthead (page cache warm, then off), side by side with
# nginx serving the same HTML as a static file. Loopback only.
#
#   bench/article-page.sh            # needs wrk and nginx-light (apt-get install wrk nginx-light)
#
# Prints requests/s, p99 latency, the ratio to nginx, Masthead's RSS after
# the runs and the time from start to the first 200.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install wrk nginx-light curl" >&2; exit 1; }
done

EXTRA=${EXTRA:-10000}
DURATION=${DURATION:-10s}
OUT=bench/out
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

go build -o "$WORK/masthead" ./cmd/masthead
go build -o "$WORK/baseline" ./bench/baseline
echo "loading demo + $EXTRA generated articles..."
"$WORK/masthead" demo --data "$WORK/data" --extra "$EXTRA" --log-level warn

PORT=28080
start_masthead() { # $1 = cache-off true/false; sets MPID and STARTUP_MS
  local t0 t1
  t0=$(date +%s%N)
  MASTHEAD_CACHE_OFF=$1 "$WORK/masthead" serve --data "$WORK/data" --addr "127.0.0.1:$PORT" --log-level warn &
  MPID=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; do sleep 0.005; done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
}
stop_masthead() { kill "$MPID"; wait "$MPID" 2>/dev/null || true; }

start_masthead false
SLUG=$(curl -fsS "http://127.0.0.1:$PORT/" | grep -o 'href="/articles/[a-z0-9-]*"' | head -1 | sed 's/href="\/articles\///; s/"//')
URL="http://127.0.0.1:$PORT/articles/$SLUG"
mkdir -p "$WORK/www"
curl -fsS "$URL" > "$WORK/www/article.html"
BYTES=$(wc -c < "$WORK/www/article.html")
NGINX_URL="http://127.0.0.1:28081/article.html"

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

run_wrk() { wrk -t1 -c32 -d"$DURATION" --latency "$1" > "$2"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }

echo "warming the page cache and measuring (cache on)..."
curl -fsS -o /dev/null "$URL"
run_wrk "$NGINX_URL" "$OUT/nginx.txt"
run_wrk "$URL" "$OUT/masthead-cached.txt"
RSS_CACHED=$(awk '/VmRSS/ {print $2}' "/proc/$MPID/status")
STARTUP_CACHED=$STARTUP_MS
stop_masthead

echo "measuring bare net/http handlers serving the same bytes (the Go ceiling)..."
"$WORK/baseline" -file "$WORK/www/article.html" -addr 127.0.0.1:28082 & BPID=$!
"$WORK/baseline" -file "$WORK/www/article.html" -addr 127.0.0.1:28083 -like-masthead & LPID=$!
until curl -fsS -o /dev/null http://127.0.0.1:28083/ 2>/dev/null; do sleep 0.01; done
run_wrk "http://127.0.0.1:28082/articles/$SLUG" "$OUT/bare.txt"
run_wrk "http://127.0.0.1:28083/articles/$SLUG" "$OUT/bare-headers.txt"
kill $BPID $LPID; wait $BPID $LPID 2>/dev/null || true

echo "measuring with the page cache off..."
start_masthead true
run_wrk "$URL" "$OUT/masthead-uncached.txt"
RSS_UNCACHED=$(awk '/VmRSS/ {print $2}' "/proc/$MPID/status")
stop_masthead
run_wrk "$NGINX_URL" "$OUT/nginx-2.txt"

N1=$(rps "$OUT/nginx.txt"); N2=$(rps "$OUT/nginx-2.txt")
C=$(rps "$OUT/masthead-cached.txt"); U=$(rps "$OUT/masthead-uncached.txt")
B=$(rps "$OUT/bare.txt"); BH=$(rps "$OUT/bare-headers.txt")
{
  echo "article page: /articles/$SLUG ($BYTES bytes), demo + $EXTRA articles, wrk -t1 -c32 -d$DURATION"
  printf "nginx static file         %10.0f req/s  p99 %s\n" "$N1" "$(p99 "$OUT/nginx.txt")"
  printf "masthead, cache warm      %10.0f req/s  p99 %s  ratio %.2f\n" "$C" "$(p99 "$OUT/masthead-cached.txt")" "$(echo "$C / $N1" | bc -l)"
  printf "bare net/http, 1 header  %10.0f req/s  p99 %s  ratio %.2f\n" "$B" "$(p99 "$OUT/bare.txt")" "$(echo "$B / $N1" | bc -l)"
  printf "bare, Masthead's headers %10.0f req/s  p99 %s  ratio %.2f\n" "$BH" "$(p99 "$OUT/bare-headers.txt")" "$(echo "$BH / $N1" | bc -l)"
  printf "masthead, cache off       %10.0f req/s  p99 %s  ratio %.2f (nginx again: %.0f)\n" "$U" "$(p99 "$OUT/masthead-uncached.txt")" "$(echo "$U / $N2" | bc -l)" "$N2"
  echo "masthead RSS after run: cache on $((RSS_CACHED / 1024)) MB, cache off $((RSS_UNCACHED / 1024)) MB"
  echo "start to first 200: ${STARTUP_CACHED} ms (cache on), ${STARTUP_MS} ms (cache off)"
} | tee "$OUT/results.txt"
