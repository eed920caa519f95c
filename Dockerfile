# Tend as a container (docs/deploy.md): a static binary on distroless,
# running as a non-root user. Data lives in the /data volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/tend ./cmd/tend

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tend /usr/local/bin/tend
ENV TEND_ADDR=0.0.0.0:8080 \
    TEND_DATABASE_URL=sqlite:/data/tend.db \
    TEND_ENCRYPTION_KEY_FILE=/data/tend.key
VOLUME /data
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tend"]
CMD ["serve"]
