#!/usr/bin/env bash
# Benchmark: subscriber CSV import (100,000 new addresses: dry run, then
# import), export (peak heap between pages, which must not grow with the
# readers) and the growth chart's count, at 100,000 and 500,000 readers, on
# SQLite and, when MASTHEAD_TEST_POSTGRES is set, PostgreSQL (decision 0026).
#
#   bench/subscribers.sh
#   READERS="100000 500000" bench/subscribers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'SubscribersImport' -benchtime 1x -timeout 60m ./internal/newsletter/ | grep -E '^Benchmark'
for n in ${READERS:-100000 500000}; do
  echo "readers: $n"
  MASTHEAD_BENCH_READERS=$n go test -run '^$' -bench 'SubscribersScale' -v -benchtime 1x -timeout 60m ./internal/newsletter/ | grep -E '^\s*(Benchmark|.*seeded)'
done
