# Shared by the bench commands (sourced): starts the local platform for a benchmark and finds its parts.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
STATE="${ROTENDER_LOCAL_DIR:-$ROOT/.local}"
RESULTS="${BENCH_RESULTS:-$BENCH/results}"
CP="$BENCH/target/lib/*:$BENCH/target/rotender-bench-1.0.0-SNAPSHOT.jar"
KAFKA="127.0.0.1:${ROTENDER_LOCAL_KAFKA_PORT:-19092}"
PG_PORT="${ROTENDER_LOCAL_PG_PORT:-15432}"
BENCH_COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
export BENCH_COMMIT

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

need() { # command, Debian package: installs the package when the command is missing (root or sudo)
  command -v "$1" >/dev/null 2>&1 && return
  log "$1 is missing: installing Debian package $2"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
  else sudo apt-get install -y -q "$2" >/dev/null; fi
  command -v "$1" >/dev/null 2>&1 || { echo "could not install $2; install it and run again" >&2; exit 1; }
}

bench_java() { java -Xmx1g -cp "$CP" "$@"; }

stop_platform() { "$ROOT/deploy/local/run" stop >/dev/null 2>&1 || true; }

# Starts the platform from nothing with the benchmark venues (bench/bench-venue.json: 8 units with stock for
# 80,000 shots, and a one-unit contention venue), rate limits off, the menu baseline endpoint on. Extra
# variables (replica counts) pass through the environment.
start_platform() {
  stop_platform
  export ROTENDER_ORDERS_RATE_LIMITS_ENABLED=false ROTENDER_BENCH_BASELINE_ENABLED=true
  export ROTENDER_LOCAL_SIMULATOR_VENUES="$ROOT/deploy/local/demo-venue.json,$BENCH/bench-venue.json"
  local build=()
  [ -f "$BENCH/target/rotender-bench-1.0.0-SNAPSHOT.jar" ] && [ "${BENCH_BUILD:-0}" != 1 ] && build=(--no-build)
  "$ROOT/deploy/local/run" --detach --clean "${build[@]}" >"$RESULTS/platform-start.log" 2>&1 \
    || { tail -20 "$RESULTS/platform-start.log"; exit 1; }
  trap stop_platform EXIT
  "$ROOT/deploy/local/load-venue" >/dev/null
  "$ROOT/deploy/local/load-venue" "$BENCH/bench-venue.json" >/dev/null
  local key deadline=$((SECONDS + 60))
  key=$(cat "$STATE/partner-key-bench-app")
  until curl -s -H "Authorization: Bearer $key" "http://localhost:8081/venues/bench-bar" | grep -q '"bench-shot"' \
     && curl -s -H "Authorization: Bearer $key" "http://localhost:8081/venues/bench-contention" | grep -q '"last-call"'; do
    [ $SECONDS -lt $deadline ] || { echo "the benchmark venues did not come online" >&2; exit 1; }
    sleep 0.5
  done
  log "platform ready with the benchmark venues"
}

# Start-up time (from each service's log) and resident memory now, per service process.
service_footprint() {
  local name pid started rss
  for f in "$STATE"/pids/*; do
    name=$(basename "$f")
    case "$name" in postgres|kafka|unit-simulator|pos-emulators) continue ;; esac
    pid=$(cat "$f")
    started=$(sed -n 's/.*started in \([0-9.]*s\).*/\1/p' "$STATE/logs/$name.log" | head -1)
    rss=$(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status" 2>/dev/null)
    printf '  %-20s started in %-8s RSS %s\n' "$name" "$started" "$rss"
  done
}
