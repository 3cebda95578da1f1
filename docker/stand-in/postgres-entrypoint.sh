#!/bin/bash
# Entrypoint of the postgres stand-in image (postgres.Dockerfile): the official postgres image's contract, as far as
# this project and Testcontainers use it. POSTGRES_PASSWORD (required), POSTGRES_USER (default postgres),
# POSTGRES_DB (default POSTGRES_USER), POSTGRES_INITDB_ARGS, PGDATA; on the first start (empty PGDATA)
# /docker-entrypoint-initdb.d/*.sh (run when executable, else sourced) and *.sql, against a server listening on
# the Unix socket only; then postgres in the foreground as user postgres, listening on all addresses with
# scram-sha-256 for remote clients. Like the official image, "database system is ready to accept connections"
# appears twice on the first start (Testcontainers waits for that).
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    chmod 3777 /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "postgres stand-in: POSTGRES_PASSWORD is not set (the official image refuses to start without it)" >&2
        exit 1
    fi
    export POSTGRES_USER="${POSTGRES_USER:-postgres}"
    export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"

    PGUSER="$POSTGRES_USER" PGPASSWORD="$POSTGRES_PASSWORD" \
        pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    export PGPASSWORD="$POSTGRES_PASSWORD"
    if [ "$POSTGRES_DB" != postgres ]; then
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres \
            --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh)
                if [ -x "$f" ]; then
                    echo "postgres stand-in: running $f"
                    "$f"
                else
                    echo "postgres stand-in: sourcing $f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi ;;
            *.sql)
                echo "postgres stand-in: running $f"
                psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname "$POSTGRES_DB" -f "$f" ;;
            *) if [ -e "$f" ]; then echo "postgres stand-in: ignoring $f"; fi ;;
        esac
    done
    unset PGPASSWORD
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "postgres stand-in: init process complete; ready for start up."
fi

exec "$@"
