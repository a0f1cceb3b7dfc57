# syntax=docker/dockerfile:1
# Build stage: the Swift toolchain and the SQLite headers.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift package resolve
RUN swift build -c release --product spp --static-swift-stdlib \
    && mkdir -p /out/bin && cp "$(swift build -c release --show-bin-path)/spp" /out/bin/spp
COPY migrations /out/migrations
COPY openapi.yaml /out/openapi.yaml

# Runtime stage: only the binary, its SQL and the OpenAPI document.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin spp \
    && mkdir -p /data && chown spp /data
COPY --from=build /out /app
USER spp
ENV SPP_HOST=0.0.0.0 SPP_PORT=8080 SPP_DB=/data/spp.sqlite SPP_RESOURCES=/app SPP_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/app/bin/spp"]
CMD ["serve"]
