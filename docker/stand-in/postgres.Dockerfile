# Stand-in for postgres:16.9-bookworm (scripts/stand-in-images.sh): Debian bookworm's PostgreSQL 15 with an
# entrypoint that honours the official image's contract (postgres-entrypoint.sh). The project's databases need
# nothing of 16 that 15 lacks; the real image is what users run.
ARG BASE
FROM ${BASE}
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends postgresql-15; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data /var/run/postgresql; \
    chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql; chmod 2777 /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH
ENV PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
