#!/usr/bin/env bash
# Scores two demo newsletter issues (one article in full, a digest of three;
# without and with click tracking) with SpamAssassin's shipped rules, local
# tests only (-L: no DNS or network rules). Not part of CI.
#   apt-get install -y spamassassin   # Debian package
#   tools/spamscore.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v spamassassin >/dev/null || { echo "spamscore: spamassassin is not installed (apt-get install -y spamassassin)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for mode in plain track; do
	mkdir -p "$dir/$mode"
	flag=""
	[ "$mode" = track ] && flag="-track"
	go run ./tools/issuesample -out "$dir/$mode" $flag
	for f in one-article digest; do
		report=$(spamassassin -L -t < "$dir/$mode/$f.eml" 2>/dev/null | sed -n '/^Content analysis details/,$p')
		score=$(printf '%s\n' "$report" | sed -n 's/^Content analysis details: *(\(-\{0,1\}[0-9.]*\) points.*/\1/p')
		rules=$(printf '%s\n' "$report" | awk '$1 ~ /^-?[0-9]+\.[0-9]+$/ && $2 ~ /^[A-Z_0-9]+$/ {printf "%s%s(%s)", sep, $2, $1; sep=" "}')
		printf '%-6s %-12s score %-5s rules: %s\n' "$mode" "$f" "$score" "$rules"
	done
done
