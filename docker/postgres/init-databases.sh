#!/bin/bash
# Runs once, on the first start of the postgres container (empty data volume), from
# /docker-entrypoint-initdb.d: one login role and one database per service that owns data. Each service's Flyway
# creates its tables at start. The passwords come from .env (scripts/generate-env.sh).
# To change them later: ALTER ROLE ... PASSWORD, or `docker compose down -v` (deletes all data) and start again.
set -euo pipefail

create_database() {
    local database="$1" role="$2" password="$3"
    if [ -z "$password" ]; then
        echo "init-databases: no password for role $role (is .env complete?)" >&2
        exit 1
    fi
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
         --set=db="$database" --set=role="$role" --set=password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
    echo "init-databases: created database $database owned by $role"
}

create_database web_auth_proxy web_auth_proxy "${WEB_AUTH_PROXY_DB_PASSWORD:-}"
create_database hss hss "${HSS_DB_PASSWORD:-}"
create_database scscf scscf "${SCSCF_DB_PASSWORD:-}"
