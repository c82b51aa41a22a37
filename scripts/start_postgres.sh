#!/usr/bin/env bash
# Start a throwaway local PostgreSQL server for the tests (Debian's package, as the postgres user)
# and print the SQLAlchemy URL to use. Usage: export KPIS_TEST_POSTGRES_URL=$(scripts/start_postgres.sh)
set -euo pipefail
PORT="${PGPORT_TEST:-55432}"
DIR="${PGDATA_TEST:-/tmp/kpis-postgres}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  chown postgres "$DIR"
  su postgres -c "$BIN/initdb -D $DIR -A trust -U postgres" >/dev/null
fi
if ! su postgres -c "$BIN/pg_ctl -D $DIR status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $DIR -l $DIR/server.log -w \
    -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
