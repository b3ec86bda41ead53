#!/usr/bin/env bash
# Runs the images images/build.sh made, as users run them, and compares what they do with the
# applications run outside a container:
#   runtime (amd64, podman): ready with no volume or configuration, storing conversations in the
#     image's own /data; the same embedding as the uncontainerized runtime, /metrics, TZ, not root, the
#     health check, conversations and models kept in a volume on /data and served again by a new
#     container with a read-only root filesystem, fetch-model over HTTPS and quantize as the init steps,
#     SIGTERM ending it within its drain timeout;
#   operator (amd64, podman): crd and render equal to the uncontainerized output, and the image's
#     Native AOT binary running `operator run` against the fake API server until every resource is Ready;
#   runtime (arm64, qemu-user in a chroot): ready and the same embedding; INT8 on an emulated Cortex-A53 (no dot
#     product) and Cortex-A76 (dot product) quantizing the int8 weights and within INT8's accuracy bars of FP32 on the
#     held-out chat messages;
#   operator (arm64, qemu-user in a chroot): the cross-compiled binary's crd and render equal the uncontainerized output;
#   both images: the configuration and folders their Dockerfile's final stage gives (entrypoint,
#     command, user, working directory, environment, ports, health check), no shell, no Windows
#     binaries, zone files, CA certificates, OCI labels.
# Needs root, podman and runc, qemu-user-static, openssl, jq and the .NET SDK (images/build.sh
# --install-tools installs them); takes a few minutes. It is not part of tests/run.sh.
#
# usage: sudo images/smoke.sh
set -euo pipefail

cd "$(dirname "$0")/.."
registry=ghcr.io/nas-assistant
version=$(sed -n 's/^appVersion: "\(.*\)"$/\1/p' charts/nas-assistant-operator/Chart.yaml)
runtime_image=$registry/runtime:$version-amd64
runtime_arm64_image=$registry/runtime:$version-arm64
operator_image=$registry/operator:$version-amd64
operator_arm64_image=$registry/operator:$version-arm64
sentence="The printer on floor 2 is jammed"
drain_seconds=20 # server.drainTimeoutSeconds' default
work=$(mktemp -d)
started=$SECONDS

# runc: crun fails in some sandboxes. Podman raises the open-files and process limits by default,
# which a sandbox may refuse; the container keeps the caller's open-files limit and a smaller process one.
podman_run=(podman --runtime runc run --ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=4096:4096)

containers=()
pids=()
mounts=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    for container in "${containers[@]}"; do podman rm -f "$container" > /dev/null 2>&1 || true; done
    for image in "${mounts[@]}"; do podman image unmount "$image" > /dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }

for tool in podman runc qemu-aarch64-static openssl jq dotnet curl unshare chroot file; do
    command -v "$tool" > /dev/null || fail "$tool is missing (images/build.sh --install-tools installs the image tools)"
done
[[ $(id -u) == 0 ]] || fail "needs root (podman's storage, the arm64 chroot)"
for image in "$runtime_image" "$runtime_arm64_image" "$operator_image" "$operator_arm64_image"; do
    podman image exists "$image" || fail "$image is not in the local storage: run images/build.sh first"
done

free_port() {
    local port
    for port in $(shuf -i 20000-40000 -n 50); do
        (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
    done
    fail "no free port"
}

wait_ready() { # URL SECONDS LOGCOMMAND...
    local url=$1 limit=$2
    shift 2
    for _ in $(seq "$limit"); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/v2/health/ready") == 200 ]] && return 0
        sleep 1
    done
    "$@" | tail -20
    fail "$url never became ready in $limit s"
}

embed() { # URL FILE
    curl -sf "$1/v1/embeddings" -H 'content-type: application/json' \
        -d "$(jq -n --arg s "$sentence" '{model: "minilm", input: $s}')" > "$2"
}

# Stops a program run as unshare --fork ... chroot --userspec: unshare ignores SIGTERM while it waits, and its
# --kill-child does not reach a child that changed its user (the kernel clears the parent-death signal then).
stop_chrooted() { # UNSHARE-PID
    pkill -KILL -P "$1" || true
    kill -KILL "$1" 2> /dev/null || true
    wait "$1" 2> /dev/null || true
}

# The held-out chat messages of the runtime's accuracy test, as a JSON array.
heldout=$(grep -v '^#' tests/NasAssistant.Runtime.Tests/testdata/accuracy/heldout-chat.txt | grep . | jq -R . | jq -cs .)
embed_heldout() { # URL FILE
    curl -sf "$1/v1/embeddings" -H 'content-type: application/json' \
        -d "$(jq -n --argjson input "$heldout" '{model: "minilm", $input}')" > "$2"
}

# The held-out messages whose INT8 embedding (FILE) misses its accuracy bar against the FP32 reference, then the
# smallest and mean cosine (tests/cpu/int8-accuracy.jq).
below_int8_bars() { # FILE
    jq -r -n --argjson texts "$heldout" --slurpfile fp32 "$work/reference-heldout.json" --slurpfile int8 "$1" -f tests/cpu/int8-accuracy.jq
}

max_difference() { # FILE FILE
    jq -n --slurpfile a "$1" --slurpfile b "$2" \
        '[$a[0].data[0].embedding, $b[0].data[0].embedding] | transpose | map(.[0] - .[1] | if . < 0 then -. else . end) | max'
}

same_embedding() { # WHAT FILE
    local dims difference
    dims=$(jq '.data[0].embedding | length' "$2")
    difference=$(max_difference "$work/reference.json" "$2")
    [[ $dims == 384 ]] || fail "$1: $dims dimensions, expected 384"
    awk -v d="$difference" 'BEGIN { exit !(d <= 1e-5) }' || fail "$1: embedding differs from the uncontainerized runtime's by $difference"
    pass "$1: embedding of \"$sentence\": 384 dimensions, largest difference from the uncontainerized runtime $difference"
}

section "uncontainerized reference (dotnet build output)"
dotnet build -c Release runtime/NasAssistant.Runtime/NasAssistant.Runtime.csproj -v quiet -nologo > "$work/build.log" 2>&1 \
    || { cat "$work/build.log"; fail "runtime build"; }
dotnet build -c Release tests/NasAssistant.Benchmarks/NasAssistant.Benchmarks.csproj -v quiet -nologo > "$work/build.log" 2>&1 \
    || { cat "$work/build.log"; fail "benchmark build"; }
reference_port=$(free_port)
mkdir -p "$work/reference"
(cd "$work/reference" && exec env NAS_ASSISTANT_SERVER__PORT="$reference_port" NAS_ASSISTANT_SERVER__METRICS_PORT="$(free_port)" \
    ORT_DISABLE_TELEMETRY=1 dotnet "$OLDPWD/runtime/NasAssistant.Runtime/bin/Release/net10.0/NasAssistant.Runtime.dll" > "$work/reference.log" 2>&1) &
pids+=($!)
wait_ready "http://127.0.0.1:$reference_port" 120 cat "$work/reference.log"
embed "http://127.0.0.1:$reference_port" "$work/reference.json"
embed_heldout "http://127.0.0.1:$reference_port" "$work/reference-heldout.json"
kill "${pids[-1]}"
operator_dll=operator/NasAssistant.Operator/bin/Release/net10.0/NasAssistant.Operator.dll
dotnet "$operator_dll" crd > "$work/crd.reference"
dotnet "$operator_dll" render -f examples/full.yaml > "$work/render.reference"
pass "reference embedding, crd ($(wc -l < "$work/crd.reference") lines) and render of examples/full.yaml ($(grep -c '^kind:' "$work/render.reference") objects)"

# The Dockerfile's final stage (from its last FROM, continuation lines joined): the recipe both build paths share.
final_stage() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$1" | awk '/^FROM / { stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }'; }
instruction() { sed -n "s/^$2 //p" <<< "$1"; } # STAGE KEYWORD

# What the image says it runs equals what its Dockerfile's final stage says, and every folder that stage
# copies is there with the owner it names.
same_as_dockerfile() { # IMAGE ROOT APP
    local name=${1#"$registry/"} stage expected actual copy destination owner
    stage=$(final_stage "$3/Dockerfile")
    expected=$(jq -cn --argjson entrypoint "$(instruction "$stage" ENTRYPOINT)" --argjson cmd "$(instruction "$stage" CMD | grep . || echo null)" \
        --arg user "$(instruction "$stage" USER)" --arg workdir "$(instruction "$stage" WORKDIR)" --arg ports "$(instruction "$stage" EXPOSE)" \
        --arg env "$(instruction "$stage" ENV)" --argjson health "$(instruction "$stage" HEALTHCHECK | sed -n 's/.* CMD //p' | grep . || echo null)" \
        '{$entrypoint, $cmd, $user, $workdir, ports: ($ports | split(" ") | map(. + "/tcp")), env: ($env | split(" ")), health: (if $health then ["CMD"] + $health else null end)}')
    actual=$(podman image inspect --format '{{json .Config}} {{json .Config.Healthcheck}}' "$1" | jq -cs --argjson expected "$expected" \
        '.[0] as $c | {entrypoint: $c.Entrypoint, cmd: $c.Cmd, user: $c.User, workdir: $c.WorkingDir, ports: ($c.ExposedPorts | keys),
          env: [$c.Env[] | select(. as $e | $expected.env | index($e))], health: .[1].Test}')
    [[ $actual == "$expected" ]] || fail "$name: configuration $actual, its Dockerfile's final stage says $expected"
    while read -r copy; do
        destination=${copy##* }
        owner=$(sed -n 's/.*--chown=\([0-9:]*\).*/\1/p' <<< "$copy")
        [[ -d $2$destination ]] || fail "$name: no $destination, which its Dockerfile copies"
        [[ $(stat -c %u:%g "$2$destination") == "${owner:-0:0}" ]] || fail "$name: $destination belongs to $(stat -c %u:%g "$2$destination"), not ${owner:-0:0}"
    done < <(instruction "$stage" COPY)
    pass "$name: as its Dockerfile's final stage says: $(jq -r '.entrypoint + (.cmd // []) | join(" ")' <<< "$expected") as $(jq -r .user <<< "$expected") in $(jq -r .workdir <<< "$expected"), $(jq -r '.env | join(" ")' <<< "$expected"), ports $(jq -r '.ports | join(" ")' <<< "$expected"), health check $(jq -c .health <<< "$expected"); $(instruction "$stage" COPY | awk '{ printf "%s%s", sep, $NF; sep = ", " }') present with their owners"
}

section "image contents"
for image in "$runtime_image" "$runtime_arm64_image" "$operator_image" "$operator_arm64_image"; do
    root=$(podman image mount "$image")
    mounts+=("$image")
    name=${image#"$registry/"}
    same_as_dockerfile "$image" "$root" "${name%%:*}"
    executables=$(find "$root" -type f -perm /111 -not -path "$root/app/*" -not -name '*.so' -not -name '*.so.*' -printf '/%P\n')
    [[ -z $executables ]] || fail "$name: executables besides the application: $executables"
    foreign=$(find "$root" \( -iname '*.exe' -o -iname 'onnxruntime*.dll' -o -path '*/runtimes/*' \) -print)
    [[ -z $foreign ]] || fail "$name: Windows binaries: $foreign"
    [[ -s $root/usr/share/zoneinfo/Asia/Shanghai ]] || fail "$name: no zone files"
    certificates=$(grep -c 'BEGIN CERTIFICATE' "$root/etc/ssl/certs/ca-certificates.crt")
    [[ $(readlink "$root/usr/lib/ssl/certs") == /etc/ssl/certs ]] || fail "$name: OpenSSL's certificate folder is not /etc/ssl/certs"
    labels=$(podman image inspect --format '{{json .Labels}}' "$image")
    for label in source version revision licenses; do
        jq -e --arg l "org.opencontainers.image.$label" 'has($l)' <<< "$labels" > /dev/null || fail "$name: no $label label"
    done
    user=$(podman image inspect --format '{{.Config.User}}' "$image")
    [[ $user == 65532:65532 ]] || fail "$name: user $user"
    packages=$(grep -c '^Package:' "$root/var/lib/dpkg/status")
    pass "$name: no executable outside /app but shared libraries, no Windows binaries, zone files, $certificates CA certificates, $packages packages listed for scanners, user $user, labels $(jq -r '[to_entries[] | select(.key | startswith("org.opencontainers.image.")) | "\(.key | ltrimstr("org.opencontainers.image."))=\(.value)"] | map(select(test("^(version|revision|licenses)="))) | join(" ")' <<< "$labels")"
done

section "runtime amd64 (podman)"
api_port=$(free_port)
api=http://127.0.0.1:$api_port
# As `docker run -p 5000:5000 IMAGE`: no volume, no configuration; conversations go to the image's own /data.
"${podman_run[@]}" -d --name nas-smoke-runtime-bare -p "$api_port:5000" "$runtime_image" > /dev/null 2> >(grep -v systemd >&2)
containers+=(nas-smoke-runtime-bare)
wait_ready "$api" 120 podman logs nas-smoke-runtime-bare
curl -sf "$api/v1/sessions/bare" -H 'content-type: application/json' -d '{"role":"user","content":"Hello"}' > /dev/null \
    || fail "without a volume, the runtime cannot store a conversation in the image's /data"
podman rm -f nas-smoke-runtime-bare > /dev/null 2>&1
pass "with no volume and no configuration: ready, and a conversation stored in the image's own /data/sessions"

install -d -o 65532 -g 65532 "$work/data"
metrics_port=$(free_port)
"${podman_run[@]}" -d --name nas-smoke-runtime -p "$api_port:5000" -p "$metrics_port:9090" -e TZ=Asia/Shanghai \
    -v "$work/data:/data" "$runtime_image" > /dev/null 2> >(grep -v systemd >&2)
containers+=(nas-smoke-runtime)
wait_ready "$api" 120 podman logs nas-smoke-runtime
podman logs nas-smoke-runtime > "$work/amd64.log" 2>&1
pass "ready on $api with no configuration ($(grep -o 'loaded in [0-9.]* s' "$work/amd64.log"))"
embed "$api" "$work/amd64.json"
same_embedding "amd64" "$work/amd64.json"
curl -sf "http://127.0.0.1:$metrics_port/metrics" > "$work/metrics.txt" || fail "/metrics does not answer"
grep -q '^nas_assistant_model_ready{model="minilm"} 1' "$work/metrics.txt" || fail "/metrics does not report the model ready"
pass "/metrics on the metrics port: $(grep -c '^nas_assistant_' "$work/metrics.txt") nas_assistant_ samples, nas_assistant_model_ready 1"
grep -q 'Local time zone Asia/Shanghai' "$work/amd64.log" || fail "TZ=Asia/Shanghai not honoured"
pass "TZ=Asia/Shanghai: $(grep -o 'Local time zone .*' "$work/amd64.log")"
pid=$(podman inspect --format '{{.State.Pid}}' nas-smoke-runtime)
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[[ $uid == 65532 ]] || fail "the runtime runs as uid $uid"
pass "runs as uid $uid, not root"
podman healthcheck run nas-smoke-runtime > /dev/null 2>&1 || fail "the image's HEALTHCHECK (health) fails"
pass "HEALTHCHECK (/app/NasAssistant.Runtime health) passes"
curl -sf "$api/v1/sessions/smoke" -H 'content-type: application/json' -d '{"role":"user","content":"Where is the spare toner?"}' > /dev/null
[[ -s $work/data/sessions/smoke.log ]] || fail "the conversation is not in the volume on /data"
pass "conversation stored in the volume: data/sessions/smoke.log"
stop_started=$(date +%s.%N)
podman kill --signal TERM nas-smoke-runtime > /dev/null
exit_code=$(podman wait nas-smoke-runtime)
stopped_in=$(awk -v s="$stop_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
[[ $exit_code == 0 ]] || fail "SIGTERM: exit code $exit_code"
awk -v t="$stopped_in" -v d="$drain_seconds" 'BEGIN { exit !(t < d) }' || fail "SIGTERM: took $stopped_in s, drain timeout $drain_seconds s"
pass "SIGTERM: exit code 0 after $stopped_in s (drain timeout $drain_seconds s)"

"${podman_run[@]}" -d --name nas-smoke-runtime-again --read-only -p "$api_port:5000" -v "$work/data:/data" "$runtime_image" \
    > /dev/null 2> >(grep -v systemd >&2)
containers+=(nas-smoke-runtime-again)
wait_ready "$api" 120 podman logs nas-smoke-runtime-again
turns=$(curl -sf "$api/v1/sessions/smoke" | jq -r '.turns[0].content')
[[ $turns == "Where is the spare toner?" ]] || fail "a new container on the same /data does not serve the conversation"
podman rm -f nas-smoke-runtime-again > /dev/null 2>&1
pass "a new container, its root filesystem read-only, serves the same conversation from the same /data"

source_sha=$(sha256sum "runtime/NasAssistant.Runtime/bin/Release/net10.0/models/minilm/model.onnx" | cut -c1-64)
quantized=$("${podman_run[@]}" --rm -v "$work/data:/data" "$runtime_image" \
    quantize --input /app/models/minilm/model.onnx --sha256 "$source_sha" --cache-dir /data/models 2> /dev/null | tail -1)
# int8 weights on CPUs with VNNI and on ARM64, uint8 on x86 without VNNI.
compgen -G "$work/data/models/$source_sha.*int8.v3.onnx" > /dev/null || fail "quantize: nothing in the volume's models folder ($quantized)"
pass "init step quantize: $quantized"

# fetch-model over HTTPS: a server whose certificate a test CA signed; the image must refuse it, and
# accept it once that CA is mounted among its CA certificates.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=smoke-ca -days 1 \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2> /dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
    -keyout "$work/server.key" -out "$work/server.csr" 2> /dev/null
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
    -extfile <(echo "subjectAltName=DNS:localhost") -out "$work/server.crt" 2> /dev/null
mkdir -p "$work/www"
cp runtime/NasAssistant.Runtime/bin/Release/net10.0/models/minilm/vocab.txt "$work/www/"
vocab_sha=$(sha256sum "$work/www/vocab.txt" | cut -c1-64)
https_port=$(free_port)
(cd "$work/www" && exec openssl s_server -quiet -accept "$https_port" -cert "$work/server.crt" -key "$work/server.key" -WWW > /dev/null 2>&1) &
pids+=($!)
sleep 1
fetch=("${podman_run[@]}" --rm --network host -v "$work/data:/data")
fetch_args=(fetch-model --url "https://localhost:$https_port/vocab.txt" --sha256 "$vocab_sha")
if "${fetch[@]}" "$runtime_image" "${fetch_args[@]}" --output /data/models/untrusted.txt > "$work/untrusted.log" 2>&1; then
    fail "fetch-model trusted a certificate no CA in the image signed"
fi
"${fetch[@]}" -v "$work/ca.crt:/etc/ssl/certs/smoke-ca.pem:ro" "$runtime_image" "${fetch_args[@]}" --output /data/models/fetched.txt \
    > "$work/fetch.log" 2>&1 || { cat "$work/fetch.log"; fail "fetch-model over HTTPS"; }
[[ $(sha256sum "$work/data/models/fetched.txt" | cut -c1-64) == "$vocab_sha" ]] || fail "fetch-model wrote something else"
pass "init step fetch-model over HTTPS: refused while the CA is unknown ($(tail -1 "$work/untrusted.log")), fetched and verified once it is in /etc/ssl/certs"

section "operator amd64 (podman)"
"${podman_run[@]}" --rm "$operator_image" crd > "$work/crd.image" 2> /dev/null
cmp -s "$work/crd.reference" "$work/crd.image" || fail "crd differs from the uncontainerized output"
cmp -s "$work/crd.image" crds/nasassistant.io_assistantdeployments.yaml || fail "crd differs from crds/"
pass "crd equals the uncontainerized output and crds/ ($(wc -c < "$work/crd.image") bytes)"
"${podman_run[@]}" --rm -i "$operator_image" render -f - < examples/full.yaml > "$work/render.image" 2> /dev/null
cmp -s "$work/render.reference" "$work/render.image" || fail "render differs from the uncontainerized output"
pass "render -f examples/full.yaml equals the uncontainerized output ($(grep -c '^kind:' "$work/render.image") objects)"
operator_root=$(podman image mount "$operator_image")
dotnet tests/NasAssistant.Benchmarks/bin/Release/net10.0/NasAssistant.Benchmarks.dll operator --resources 50 \
    --executable "$operator_root/app/NasAssistant.Operator" > "$work/operator-run.txt" 2>&1 \
    || { cat "$work/operator-run.txt"; fail "operator run against the fake API server"; }
grep -q 'ready: 50/50' "$work/operator-run.txt" || { cat "$work/operator-run.txt"; fail "operator run: not every resource became Ready"; }
grep -q ': 0 warning or error lines' "$work/operator-run.txt" || { cat "$work/operator-run.txt"; fail "operator run logged warnings or errors"; }
pass "the image's operator (Native AOT) runs against the fake API server: $(grep -o 'ready: [0-9]*/[0-9]* in .*' "$work/operator-run.txt"); $(grep -o 'RSS: .*holding.*' "$work/operator-run.txt")"

section "runtime arm64 (qemu-user in a chroot)"
# Without /sys in the chroot, ONNX Runtime's CPU detection does not read the host's CPUs, which
# crashes under emulation; /proc and /dev are the container engine's usual mounts.
arm64=$(podman create --arch arm64 "$runtime_arm64_image" 2> /dev/null)
containers+=("$arm64")
arm64_root=$(podman mount "$arm64")
cp /usr/bin/qemu-aarch64-static "$arm64_root/qemu-aarch64-static"
mapfile -t image_env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$runtime_arm64_image" | grep .)
# Starts the image's runtime under qemu-aarch64-static -cpu CPU with the image's environment and user, its working
# directory (chroot starts in /) and the given settings; its process goes on pids.
start_arm64_runtime() { # LOG CPU VARIABLE=VALUE...
    local log=$1 cpu=$2
    shift 2
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${image_env[@]}" "$@" \
        unshare --mount --fork --kill-child bash -c \
        'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" && exec chroot --userspec=65532:65532 "$1" /qemu-aarch64-static -cpu "$2" /app/NasAssistant.Runtime' \
        _ "$arm64_root" "$cpu" > "$log" 2>&1 &
    pids+=($!)
}
arm64_port=$(free_port)
arm64_started=$SECONDS
# The default configuration, on qemu's default CPU (max: every feature it emulates).
start_arm64_runtime "$work/arm64.log" max NAS_ASSISTANT_SERVER__PORT="$arm64_port" NAS_ASSISTANT_SERVER__METRICS_PORT="$(free_port)"
wait_ready "http://127.0.0.1:$arm64_port" 600 cat "$work/arm64.log"
pass "ready under emulation after $((SECONDS - arm64_started)) s"
embed "http://127.0.0.1:$arm64_port" "$work/arm64.json"
same_embedding "arm64" "$work/arm64.json"
stop_chrooted "${pids[-1]}"

# INT8 on the cores of ARM NAS boxes, each quantizing into its own cache folder on the container's /data. .NET's
# double-mapped JIT code (W^X) is turned off: qemu-user runs stale translations of it, which crashed quantizing on
# the emulated Cortex-A53.
for cpu in cortex-a53 cortex-a76; do
    port=$(free_port)
    cpu_started=$SECONDS
    start_arm64_runtime "$work/arm64-$cpu.log" "$cpu" DOTNET_EnableWriteXorExecute=0 \
        NAS_ASSISTANT_SERVER__PORT="$port" NAS_ASSISTANT_SERVER__METRICS_PORT="$(free_port)" \
        NAS_ASSISTANT_MODEL__QUANTIZATION=int8 NAS_ASSISTANT_MODEL__CACHE_DIRECTORY="/data/models-$cpu"
    wait_ready "http://127.0.0.1:$port" 600 cat "$work/arm64-$cpu.log"
    embed_heldout "http://127.0.0.1:$port" "$work/arm64-$cpu.json"
    stop_chrooted "${pids[-1]}"
    ls "$arm64_root/data/models-$cpu/"*.int8.v3.onnx > /dev/null 2>&1 || fail "$cpu: quantized no int8 model: $(ls "$arm64_root/data/models-$cpu")"
    mapfile -t result < <(below_int8_bars "$work/arm64-$cpu.json")
    ((${#result[@]} == 1)) || fail "$cpu: INT8 below its accuracy bars on $((${#result[@]} - 1)) held-out messages: ${result[*]:0:3}"
    pass "$cpu INT8 (int8 weights, quantized under emulation) on $(jq length <<< "$heldout") held-out chat messages: cosine to FP32 ${result[0]}; ready and embedded in $((SECONDS - cpu_started)) s"
done

section "operator arm64 (qemu-user in a chroot)"
operator_arm64=$(podman create --arch arm64 "$operator_arm64_image" 2> /dev/null)
containers+=("$operator_arm64")
operator_arm64_root=$(podman mount "$operator_arm64")
cp /usr/bin/qemu-aarch64-static "$operator_arm64_root/qemu-aarch64-static"
operator_arm64() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TZ=UTC unshare --mount --fork --kill-child bash -c \
        'mount -t proc proc "$0/proc" && exec chroot --userspec=65532:65532 "$0" /qemu-aarch64-static /app/NasAssistant.Operator "$@"' \
        "$operator_arm64_root" "$@"
}
file -b "$operator_arm64_root/app/NasAssistant.Operator" | grep -q 'ARM aarch64' || fail "operator arm64: the binary is not an arm64 executable"
operator_arm64 crd > "$work/crd.arm64" 2> "$work/crd.arm64.err" || { cat "$work/crd.arm64.err"; fail "operator arm64: crd"; }
cmp -s "$work/crd.reference" "$work/crd.arm64" || fail "operator arm64: crd differs from the uncontainerized output"
operator_arm64 render -f - < examples/full.yaml > "$work/render.arm64" 2> "$work/render.arm64.err" || { cat "$work/render.arm64.err"; fail "operator arm64: render"; }
cmp -s "$work/render.reference" "$work/render.arm64" || fail "operator arm64: render differs from the uncontainerized output"
pass "the cross-compiled Native AOT binary ($(file -b "$operator_arm64_root/app/NasAssistant.Operator" | cut -d, -f1-2)) under emulation: crd and render -f examples/full.yaml equal the uncontainerized output"

printf '\nsmoke: every check passed in %d s\n' $((SECONDS - started))
