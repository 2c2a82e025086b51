#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, owned by an unprivileged user, listening only on a
# unix socket inside its own temporary folder (no TCP port, nothing shared with a system cluster).
#
#   eval "$(.ci/postgres.sh start)"   # prints the exports: AGENTHUB_TEST_POSTGRES, AGENTHUB_TEST_POSTGRES_DIR
#   .ci/postgres.sh stop "$AGENTHUB_TEST_POSTGRES_DIR"   # stops the server and deletes the folder
#
# As root it installs Debian's postgresql package when no server binaries are found, and runs the
# server as the "postgres" user (created if missing). Messages go to stderr; only exports to stdout.
set -euo pipefail

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bindir dir port=5432
  if ! bindir="$(find_bindir)"; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "postgres.sh: installing PostgreSQL from Debian's packages..." >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      # The package may start its own "main" cluster: the tests use their own, so stop it.
      if command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters -h | awk '$4 == "online" { print $1, $2 }' | while read -r version cluster; do
          pg_ctlcluster "$version" "$cluster" stop >&2 || true
        done
      fi
      bindir="$(find_bindir)"
    else
      echo "postgres.sh: no PostgreSQL server found; install it with 'sudo apt-get install -y postgresql'." >&2
      return 1
    fi
  fi

  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi

  dir="$(mktemp -d "${TMPDIR:-/tmp}/agenthub-pg.XXXXXX")"
  chmod 755 "$dir"
  if [ "$(id -u)" = "0" ]; then
    chown postgres: "$dir"
  fi

  as_owner "$bindir/initdb" -D "$dir/data" -U agenthub --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as_owner "$bindir/initdb" -D "$dir/data" -U agenthub --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      rm -rf "$dir"
      return 1
    }
  # Durability is not needed for a throwaway cluster: skip the fsyncs to keep the tests fast.
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    return 1
  fi

  echo "export AGENTHUB_TEST_POSTGRES='Host=$dir;Port=$port;Username=agenthub;Database=postgres'"
  echo "export AGENTHUB_TEST_POSTGRES_DIR='$dir'"
}

stop() {
  local dir="${1:-${AGENTHUB_TEST_POSTGRES_DIR:-}}" bindir
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    return 0
  fi
  bindir="$(find_bindir)"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [folder]" >&2
    exit 2
    ;;
esac
