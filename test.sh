#!/usr/bin/env bash
# Runs every test of the solution (unit, bUnit, web host, and the browser tests once they exist)
# and ends with the line "N passed, N failed" counted from the test results themselves.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Credentials".
set -uo pipefail
cd "$(dirname "$0")"

find_browser() {
  local candidate
  for candidate in "${AGENTHUB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# The end-to-end tests drive Debian's Chromium; Playwright cannot download a browser here.
if ! find_browser >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Chromium from Debian's packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: no Chromium found; install it with 'sudo apt-get install -y chromium' or set AGENTHUB_CHROMIUM." >&2
  fi
fi
AGENTHUB_CHROMIUM="$(find_browser || true)"
export AGENTHUB_CHROMIUM

# The store tests run against SQLite and PostgreSQL. Without a server given in AGENTHUB_TEST_POSTGRES
# (CI passes its own), start a throwaway cluster here and stop it on exit; if none can start, the
# PostgreSQL tests fail (they are never skipped) and say why.
own_cluster=""
if [ -z "${AGENTHUB_TEST_POSTGRES:-}" ]; then
  if exports="$(.ci/postgres.sh start)"; then
    eval "$exports"
    own_cluster="$AGENTHUB_TEST_POSTGRES_DIR"
  else
    echo "test.sh: could not start a PostgreSQL cluster; the PostgreSQL store tests will fail." >&2
  fi
fi

results="$(mktemp -d)"
cleanup() {
  rm -rf "$results"
  if [ -n "$own_cluster" ]; then
    .ci/postgres.sh stop "$own_cluster"
  fi
}
trap cleanup EXIT

dotnet test AgentHub.sln --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@"
status=$?

# Sum the counters of every TRX file (one per test project).
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
  a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: dotnet test exited with $status (build failure or crashed test host)." >&2
fi

echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
