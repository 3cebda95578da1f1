# Stand-in for eclipse-temurin:17.0.16_8-jdk-noble (scripts/stand-in-images.sh; only where the real image cannot be
# pulled): Debian bookworm with Debian's OpenJDK 17 JDK, at Temurin's JAVA_HOME, plus the host's extra CA
# certificates (a TLS-intercepting egress) so that the Maven wrapper in the build stage can download.
ARG BASE
FROM ${BASE}
RUN set -eux; apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jdk-headless ca-certificates curl; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /opt/java; ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
# npm (the WIC page's build stage) trusts the same CAs: Node reads its own bundle, plus this file
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH
