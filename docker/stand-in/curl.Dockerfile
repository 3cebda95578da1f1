# Stand-in for curlimages/curl:8.11.1 (scripts/stand-in-images.sh): Debian bookworm with curl and /bin/sh, as the
# same unprivileged user kind (the real image runs as curl_user, uid 100).
ARG BASE
FROM ${BASE}
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl ca-certificates; \
    rm -rf /var/lib/apt/lists/*; useradd --system --no-create-home curl_user
USER curl_user
ENTRYPOINT ["curl"]
CMD ["--help"]
