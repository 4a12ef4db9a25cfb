#!/usr/bin/env bash
# Runs the given command against a throwaway PostgreSQL 15 cluster on 127.0.0.1.
# Installs Debian's PostgreSQL when it is missing, creates the cluster in a temporary
# directory as the `postgres` user (initdb refuses to run as root), exports DATABASE_URL,
# runs the command and always stops the cluster and removes the directory.
set -euo pipefail

find_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if ! bindir=$(find_bindir); then
  echo "PostgreSQL not found: installing Debian's postgresql-15" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null || apt-get install -y -qq postgresql >/dev/null
  bindir=$(find_bindir)
fi

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

tmp=$(mktemp -d /tmp/budgetlijn-pg.XXXXXX)
chmod 755 "$tmp"
[ "$(id -u)" = "0" ] && chown postgres "$tmp"
port=${PGTEST_PORT:-$(( 20000 + RANDOM % 20000 ))}

cleanup() {
  run_as_pg "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

run_as_pg "$bindir/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_as_pg "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port" >&2
run_as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres budgetlijn

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/budgetlijn"
"$@"
