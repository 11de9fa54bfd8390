#!/usr/bin/env bash
# The test command from the README: every package, race detector off for speed on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
exec go test -count=1 -timeout 15m ./... "$@"
