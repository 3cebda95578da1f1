# Stand-in for eclipse-temurin:17.0.16_8-jre-noble (scripts/stand-in-images.sh): Debian bookworm with Debian's
# OpenJDK 17 JRE (headless) at Temurin's JAVA_HOME, and curl (which the Temurin images ship).
ARG BASE
FROM ${BASE}
RUN set -eux; apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jre-headless curl; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /opt/java; ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH
