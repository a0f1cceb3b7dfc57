# Sourced by the bench scripts: picks the spp binary, makes a work folder that
# is removed on exit, and starts the server on a fresh database there.
#
#   SPP=/path/to/spp skips the release build (e.g. one in another scratch path).

if [ -z "${SPP:-}" ]; then
  swift build -c release --product spp >/dev/null
  SPP="$(swift build -c release --show-bin-path)/spp"
fi
spp=$SPP
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
"$spp" migrate --db "$work/spp.sqlite" >/dev/null

# start_server PORT [VAR=value ...]: serves $work/spp.sqlite and waits until
# /healthz answers; sets $server to its pid.
start_server() {
  local port=$1; shift
  env SPP_LOG_LEVEL=warning "$@" "$spp" serve --port "$port" --db "$work/spp.sqlite" >/dev/null &
  server=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start on port $port" >&2
  exit 1
}
