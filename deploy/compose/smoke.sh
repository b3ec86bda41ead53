#!/usr/bin/env bash
# Runs compose.yaml's primary, backup and proxy with podman-compose and podman (runc) on this machine:
# both runtimes serve, their health check passes, a conversation written through the proxy (to the
# primary) reads the same from the backup, then the primary is killed with SIGKILL and the proxy keeps
# serving that conversation from the backup, takes a new turn there, and goes back to the primary once
# its restart policy has brought it up again.
#
#   NAS_ASSISTANT_IMAGE=IMAGE bash deploy/compose/smoke.sh
#
# Needs root; Debian's podman, podman-compose, runc, mmdebstrap, curl and jq; and the runtime image in
# podman's storage (images/build.sh builds it). No registry is needed: the proxy's image is HAProxy
# from Debian's own package, built here once (the compose file's default is Docker Hub's haproxy).
set -euo pipefail
cd "$(dirname "$0")"

image=${NAS_ASSISTANT_IMAGE:-ghcr.io/nas-assistant/runtime:0.1.0}
proxy_image=${PROXY_IMAGE:-localhost/nas-assistant-smoke/haproxy:bookworm}
port=${NAS_ASSISTANT_PORT:-5050}
project=nas-assistant-smoke
started=$SECONDS

say() { printf '[%3ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (podman with runc, bind mounts owned by uid 65532)"
for tool in podman podman-compose runc mmdebstrap curl jq python3; do
    command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install -y podman podman-compose runc mmdebstrap curl jq"
done
podman image exists "$image" || fail "no image $image in podman's storage: build it with images/build.sh, or set NAS_ASSISTANT_IMAGE"

work=$(mktemp -d)
compose() { podman-compose -p "$project" -f compose.yaml "$@"; }
cleanup() {
    compose down -t 5 >/dev/null 2>&1 || true
    podman network rm --force "${project}_default" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# runc as the OCI runtime (crun fails in some sandboxes), and resource limits no higher than this shell's
# own: a container engine without CAP_SYS_RESOURCE cannot raise them to its defaults.
cat > "$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$work/containers.conf

if ! podman image exists "$proxy_image"; then
    say "building $proxy_image from Debian's haproxy package"
    mmdebstrap --quiet --variant=extract --include=haproxy bookworm "$work/haproxy" \
        "deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main"
    tar -C "$work/haproxy" -c . | podman import --quiet \
        --change 'CMD ["/usr/sbin/haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' \
        --change 'USER 65534:65534' - "$proxy_image" >/dev/null
    rm -rf "$work/haproxy"
fi

export NAS_ASSISTANT_IMAGE=$image PROXY_IMAGE=$proxy_image NAS_ASSISTANT_PORT=$port
export NAS_ASSISTANT_DATA=$work/data TZ=Europe/Amsterdam
mkdir "$NAS_ASSISTANT_DATA"
chown 65532:65532 "$NAS_ASSISTANT_DATA"

say "image $image ($(podman image inspect --format '{{.Digest}}' "$image"))"
say "starting primary, backup and proxy with $(podman-compose version 2>/dev/null | grep -m1 'podman-compose version' || echo podman-compose)"
compose up -d primary backup proxy >"$work/up.log" 2>&1 || { cat "$work/up.log"; fail "podman-compose up"; }

container() { echo "${project}_$1_1"; }
address() { podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(container "$1")"; }
wait_until() { # seconds, description, command...
    local limit=$1 what=$2; shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || fail "$what: not within ${limit}s"
        sleep 0.5
    done
}
ready() { curl -sf "http://$(address "$1"):5000/v2/health/ready"; }

for runtime in primary backup; do
    wait_until 180 "$runtime ready" ready "$runtime"
    say "$runtime ready at $(address "$runtime")"
done

# The health check compose runs, taken from compose.yaml and run inside each container as compose would.
mapfile -t health < <(python3 -c '
import sys, yaml
test = yaml.safe_load(open("compose.yaml"))["services"]["primary"]["healthcheck"]["test"]
assert test[0] == "CMD", test
print("\n".join(test[1:]))')
for runtime in primary backup; do
    podman exec "$(container "$runtime")" "${health[@]}" >/dev/null || fail "$runtime: health check '${health[*]}' failed"
    say "$runtime: health check '${health[*]}' passes"
done

embed='{"model":"minilm","input":["The printer on floor 2 is jammed"]}'
for runtime in primary backup; do
    ip=$(address "$runtime")
    dims=$(curl -sf "http://$ip:5000/v1/embeddings" -H 'content-type: application/json' -d "$embed" | jq '.data[0].embedding | length')
    [ "$dims" = 384 ] || fail "$runtime: embedding has $dims dimensions"
    metrics=$(curl -sf "http://$ip:9090/metrics")
    cpus=$(awk '$1 == "nas_assistant_cpu_limit_cores" {print $2}' <<<"$metrics")
    memory=$(awk '$1 == "nas_assistant_memory_limit_bytes" {print $2}' <<<"$metrics")
    [ "$cpus" = 2 ] && [ "$memory" = 2147483648 ] || fail "$runtime: limits seen by the runtime: $cpus cores, $memory bytes"
    resident=$(awk '$1 == "process_resident_memory_bytes" {printf "%d", $2 / 1048576}' <<<"$metrics")
    zone=$(podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$(container "$runtime")" | grep '^TZ=')
    user=$(podman inspect --format '{{.Config.User}}' "$(container "$runtime")")
    say "$runtime serves: 384-dimension embedding, /metrics, limits $cpus cores and $memory bytes, $resident MiB resident, $zone, user $user"
done

proxy="http://127.0.0.1:$port"
wait_until 30 "proxy ready" curl -sf "$proxy/v2/health/ready"
served_by() { awk 'tolower($1) == "x-served-by:" {print $2}' "$1" | tr -d '\r'; }

id="smoke-$RANDOM$RANDOM"
turn='{"role":"user","content":"Where is the spare toner for the office printer?"}'
status=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$proxy/v1/sessions/$id" -H 'content-type: application/json' -d "$turn")
[ "$status" = 201 ] || fail "writing a turn through the proxy: HTTP $status $(cat "$work/body")"
[ "$(served_by "$work/headers")" = primary ] || fail "the proxy sent the write to $(served_by "$work/headers"), not the primary"
say "conversation $id: turn stored through the proxy by the primary"

written=$(curl -sf "http://$(address primary):5000/v1/sessions/$id" | jq -c '.turns')
from_backup=$(curl -sf "http://$(address backup):5000/v1/sessions/$id" | jq -c '.turns')
[ "$from_backup" = "$written" ] || fail "the backup reads $from_backup, the primary $written"
say "the backup reads the same conversation from the shared folder: $from_backup"

pid=$(podman inspect --format '{{.State.Pid}}' "$(container primary)")
kill -9 "$pid"
killed=$SECONDS
say "primary killed (SIGKILL to pid $pid)"

after_kill() {
    curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$proxy/v1/sessions/$id" | grep -qx 200
}
wait_until 30 "the proxy answering after the primary died" after_kill
[ "$(served_by "$work/headers")" = backup ] || fail "after the kill the proxy answered from $(served_by "$work/headers")"
[ "$(jq -c '.turns' "$work/body")" = "$written" ] || fail "the backup served $(cat "$work/body")"
say "the proxy serves the same conversation from the backup, $((SECONDS - killed))s after the kill"

second='{"role":"assistant","content":"In the cupboard under the printer."}'
status=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$proxy/v1/sessions/$id" -H 'content-type: application/json' -d "$second")
[ "$status" = 201 ] && [ "$(served_by "$work/headers")" = backup ] || fail "second turn: HTTP $status from $(served_by "$work/headers")"
say "second turn stored by the backup while the primary is down"

wait_until 180 "the primary restarted by its restart policy" ready primary
say "primary back by its restart policy (restarts: $(podman inspect --format '{{.RestartCount}}' "$(container primary)")), ready $((SECONDS - killed))s after the kill"
primary_again() {
    curl -s -o "$work/body" -D "$work/headers" "$proxy/v1/sessions/$id" && [ "$(served_by "$work/headers")" = primary ]
}
wait_until 30 "the proxy going back to the primary" primary_again
turns=$(jq '.turns | length' "$work/body")
[ "$turns" = 2 ] || fail "the restarted primary reads $turns turns"
say "the proxy is back on the primary, which reads both turns"
say "PASS"
