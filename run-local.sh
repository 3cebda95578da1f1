#!/usr/bin/env sh
# Builds what the local launcher needs and starts the whole WebRTC IMS core on this machine (embedded PostgreSQL
# unless --jdbc-url or IMS_JDBC_URL names one). Flags: see ./run-local.sh --help or local-launcher/README.md.
set -eu
cd "$(dirname "$0")"
./mvnw -q -B -pl local-launcher -am -DskipTests package
# exec: the JVM gets Ctrl-C (SIGINT) directly and its shutdown hook stops every service, then PostgreSQL
exec java -jar local-launcher/target/local-launcher-*-exec.jar "$@"
