#!/usr/bin/env bash
# Serves the published runtime on emulated x86-64 CPUs without AVX and compares it with this machine:
#   Nehalem-v2  SSE4.2, no AVX (the oldest x86-64 CPU .NET 10 runs on)
#   Denverton   Atom C3000, Goldmont: the core family of the Celeron J4125 and N5105
# For each CPU and each precision (FP32, INT8) it starts the self-contained runtime under
# qemu-x86_64-static with its default configuration, embeds a few inputs over HTTP, and checks that
#   - every FP32 embedding is within 1e-4 (largest absolute difference) of the same build run natively, and every
#     INT8 one within cosine 0.9995 of the native INT8 run (dynamic quantization rounds each row at run time),
#   - the graph optimization is the one the runtime picks for that CPU (nas_assistant_model_info):
#     basic without AVX2 and FMA, all with them (pass --cpus "Nehalem-v2 Haswell" to compare),
#   - INT8 quantized with the weight encoding of CPUs without VNNI (the uint8 variant), against a native
#     reference that quantized the same variant (.NET's VNNI and AVX-512 use turned off for it),
# and prints one line per run (a run that exits before it is ready says so, and the others still run). /sys/devices/system/cpu is hidden from the emulated runtime (an empty
# tmpfs in a private mount namespace): ONNX Runtime's CPU detection reads the host's CPUs there, which
# fails under emulation.
# Needs root (the mount namespace), qemu-user-static, curl, jq, python3 and the .NET SDK; takes 10 to 30 minutes
# (emulation is slow). It is not part of tests/run.sh.
#
# usage: sudo tests/cpu/emulated-cpus.sh [--app DIR] [--cpus "Nehalem-v2 Denverton"]
#   --cpus LIST qemu CPU models (qemu-x86_64-static -cpu help)
#   --app DIR   a self-contained linux-x64 publish of the runtime, with its models/ folder beside the
#               binary (default: publish one now into a temporary folder)
set -euo pipefail

cd "$(dirname "$0")/../.."
app=""
cpus="Nehalem-v2 Denverton"
while [[ $# -gt 0 ]]; do
    case $1 in
        --app) app=$(cd "$2" && pwd); shift 2 ;;
        --cpus) cpus=$2; shift 2 ;;
        *) echo "usage: $0 [--app DIR] [--cpus \"Nehalem-v2 Denverton\"]" >&2; exit 2 ;;
    esac
done

tolerance=1e-4
int8_cosine=0.9995
ready_seconds=900
inputs='["ok", "thanks!", "The printer on floor 2 is jammed", "Can you remind me to back up the family photos every Sunday night?"]'
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2> /dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

fail() { printf 'FAIL  %s\n' "$*"; exit 1; }

for tool in qemu-x86_64-static unshare curl jq python3; do
    command -v "$tool" > /dev/null || fail "$tool is missing (apt-get install qemu-user-static curl jq python3)"
done
[[ $(id -u) == 0 ]] || fail "needs root (a private mount namespace hides /sys/devices/system/cpu)"

if [[ -z $app ]]; then
    echo "publishing the runtime (linux-x64, self-contained)"
    dotnet publish runtime/NasAssistant.Runtime/NasAssistant.Runtime.csproj -c Release -r linux-x64 --self-contained \
        -o "$work/app" -v quiet -nologo > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; fail "publish"; }
    app=$work/app
fi
[[ -x $app/NasAssistant.Runtime && -s $app/models/minilm/model.onnx ]] || fail "$app holds no runtime with its bundled model"

# A port the kernel hands out as free now (the runtime binds it a moment later).
unused_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts the runtime (natively when CPU is "native") with its own folders under $work/NAME and the
# given quantization, waits until it is ready, embeds the inputs into NAME.json, saves its metrics
# into NAME.metrics, and stops it; NAME.timing says how long that took, or why it failed (status 1).
serve() { # NAME CPU QUANTIZATION
    local name=$1 cpu=$2 quantization=$3 port metrics_port status dir=$work/$1 started=$SECONDS
    mkdir -p "$dir"
    port=$(unused_port)
    metrics_port=$(unused_port)
    local environment=(ORT_DISABLE_TELEMETRY=1 NAS_ASSISTANT_SERVER__PORT="$port" NAS_ASSISTANT_SERVER__METRICS_PORT="$metrics_port"
        NAS_ASSISTANT_MODEL__QUANTIZATION="$quantization" NAS_ASSISTANT_MODEL__CACHE_DIRECTORY="$dir/models"
        NAS_ASSISTANT_CONVERSATIONS__DIRECTORY="$dir/sessions")
    # .NET writes JIT code through a second, writable mapping of the executable pages (W^X); qemu-user
    # keeps running its stale translation of those pages, and the runtime dies with SIGSEGV in freshly
    # compiled code on every emulated CPU model, AVX2 ones included. Off, emulation runs .NET as a CPU would.
    [[ $cpu == native ]] || environment+=(DOTNET_EnableWriteXorExecute=0)
    # The native INT8 reference runs as the emulated CPUs do, so INT8 is compared like for like: with .NET's VNNI and
    # AVX-512 use off it quantizes the uint8 weights CPUs without VNNI get, at the level they get (basic). .NET 10 names
    # the AVX-512 switch EnableAVX512 (EnableAVX512F no longer does anything).
    [[ $name != native-int8 ]] || environment+=(DOTNET_EnableAVX512=0 DOTNET_EnableAVXVNNI=0 NAS_ASSISTANT_MODEL__GRAPH_OPTIMIZATION=basic)
    # Quantizing under qemu-user crashes in JIT-compiled code more often than not, on emulated AVX2 CPUs too, while
    # native CPUs of every kind quantize; a run that finishes writes the native run's bytes. So the emulated INT8 runs
    # start from the native run's quantized model, as a pod starts from its init step's, and serve it.
    if [[ $cpu != native && $quantization == int8 ]]; then
        cp -r "$work/native-int8/models" "$dir/models"
        rm -f "$dir"/models/*.lock
    fi
    if [[ $cpu == native ]]; then
        (cd "$dir" && exec env "${environment[@]}" "$app/NasAssistant.Runtime") > "$dir/log" 2>&1 &
    else
        (cd "$dir" && exec env "${environment[@]}" unshare --mount --fork --kill-child bash -c \
            'mount -t tmpfs cpu-hidden /sys/devices/system/cpu && exec qemu-x86_64-static -cpu "$1" "$2/NasAssistant.Runtime"' \
            _ "$cpu" "$app") > "$dir/log" 2>&1 &
    fi
    pids+=($!)
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready") == 200 ]]; do
        if ! kill -0 "${pids[-1]}" 2> /dev/null; then
            wait "${pids[-1]}" && status=0 || status=$?
            echo "exited with status $status after $((SECONDS - started)) s, not ready$(grep -q 'uncaught target signal 11' "$dir/log" && echo ' (SIGSEGV)')" > "$work/$name.timing"
            return 1
        fi
        if ((SECONDS - started > ready_seconds)); then
            kill -KILL "${pids[-1]}"
            echo "not ready in $ready_seconds s" > "$work/$name.timing"
            return 1
        fi
        sleep 2
    done
    local ready=$((SECONDS - started))
    curl -sf "http://127.0.0.1:$port/v1/embeddings" -H 'content-type: application/json' \
        -d "$(jq -n --argjson input "$inputs" '{model: "minilm", $input}')" > "$work/$name.json" || fail "$name: embeddings request"
    curl -sf "http://127.0.0.1:$metrics_port/metrics" > "$work/$name.metrics" || fail "$name: metrics"
    local embedded=$((SECONDS - started - ready))
    # SIGKILL: unshare --fork ignores SIGTERM while it waits; killed, it takes the emulated runtime with it (--kill-child).
    kill -KILL "${pids[-1]}"
    wait "${pids[-1]}" 2> /dev/null || true
    echo "$ready s to ready, $embedded s to embed" > "$work/$name.timing"
}

label() { # METRICS-FILE LABEL
    sed -n "s/^nas_assistant_model_info{.*$2=\"\([^\"]*\)\".*/\1/p" "$1"
}

# The INT8 variant the runtime quantized: the cache entry's name says int8 (signed) or uint8 (unsigned weights).
int8_variant() { # NAME
    local entry
    entry=$(find "$work/$1/models" -name '*.v3.onnx' -printf '%f\n' | head -1)
    case $entry in
        *.uint8.v3.onnx) echo "uint8 (non-VNNI)" ;;
        *.int8.v3.onnx) echo "int8 (VNNI/ARM64)" ;;
        *) echo "none" ;;
    esac
}

# What the runtime should pick: basic on the qemu models without AVX2 and FMA, all on the others.
expected_level() { # CPU
    case $1 in
        Nehalem* | Westmere* | SandyBridge* | IvyBridge* | Denverton* | Snowridge* | core2duo* | qemu64* | kvm64*) echo basic ;;
        *) echo all ;;
    esac
}

smallest_cosine() { # FILE FILE
    jq -n --slurpfile a "$1" --slurpfile b "$2" \
        '[range($a[0].data | length) as $i | [$a[0].data[$i].embedding, $b[0].data[$i].embedding]
          | ([transpose[] | .[0] * .[1]] | add) / ((([.[0][] | . * .] | add) * ([.[1][] | . * .] | add)) | sqrt)] | min'
}

largest_difference() { # FILE FILE
    jq -n --slurpfile a "$1" --slurpfile b "$2" \
        '[range($a[0].data | length) as $i | [$a[0].data[$i].embedding, $b[0].data[$i].embedding] | transpose[] | .[0] - .[1] | fabs] | max'
}

printf '%-11s %-5s %-8s %-18s %-11s %s\n' cpu model level int8 "max |diff|" time
for precision in fp32 int8; do
    quantization=$([[ $precision == int8 ]] && echo int8 || echo none)
    serve "native-$precision" native "$quantization" || fail "native $precision: $(cat "$work/native-$precision.timing")"
    printf '%-11s %-5s %-8s %-18s %-11s %s\n' native "$precision" "$(label "$work/native-$precision.metrics" graph_optimization)" \
        "$([[ $precision == int8 ]] && int8_variant "native-$precision" || echo -)" reference "$(cat "$work/native-$precision.timing")"
done
# The emulated INT8 runs serve the reference's quantized model; a VNNI one would send them quantizing under qemu.
[[ $(int8_variant native-int8) == "uint8 (non-VNNI)" ]] \
    || fail "the native INT8 reference quantized $(int8_variant native-int8), not the uint8 variant: .NET's VNNI and AVX-512 switches did not take"

failures=()
for cpu in $cpus; do
    for precision in fp32 int8; do
        quantization=$([[ $precision == int8 ]] && echo int8 || echo none)
        name="$cpu-$precision"
        # qemu-user crashes now and then in .NET's freshly JIT-compiled code at start (SIGSEGV, emulated AVX2 CPUs too,
        # one start in two or three here): such a start is tried again, at most twice, and the report says so.
        attempts=1
        until serve "$name" "$cpu" "$quantization" || ((attempts == 3)) || ! grep -q SIGSEGV "$work/$name.timing"; do
            attempts=$((attempts + 1))
            rm -rf "${work:?}/$name"
        done
        ((attempts == 1)) || echo "$(cat "$work/$name.timing"), start $attempts of 3" > "$work/$name.timing"
        if [[ ! -s $work/$name.json ]] || grep -q "not ready" "$work/$name.timing"; then
            level=$(grep -o 'graph optimization [a-z]*' "$work/$name/log" | head -1 | cut -d' ' -f3)
            printf '%-11s %-5s %-8s %-18s %-11s %s\n' "$cpu" "$precision" "${level:--}" - - "$(cat "$work/$name.timing")"
            failures+=("$name: $(cat "$work/$name.timing")")
            continue
        fi
        level=$(label "$work/$name.metrics" graph_optimization)
        variant=$([[ $precision == int8 ]] && int8_variant "$name" || echo -)
        difference=$(largest_difference "$work/native-$precision.json" "$work/$name.json")
        cosine=$(smallest_cosine "$work/native-$precision.json" "$work/$name.json")
        count=$(jq '.data | length' "$work/$name.json")
        printf '%-11s %-5s %-8s %-18s %-11s %s\n' "$cpu" "$precision" "$level" "$variant" "$difference (cosine $cosine)" "$(cat "$work/$name.timing")"
        [[ $count == "$(jq -n --argjson input "$inputs" '$input | length')" ]] || failures+=("$name: $count embeddings")
        # FP32 must match native within 1e-4. INT8 quantizes each row's activations at run time, so one rounding that
        # goes the other way in another CPU's kernels moves a sentence by about 1e-3: its bar is the cosine.
        if [[ $precision == fp32 ]]; then
            awk -v d="$difference" -v t="$tolerance" 'BEGIN { exit !(d <= t) }' || failures+=("$name: embeddings differ from native by $difference (> $tolerance)")
        else
            awk -v c="$cosine" -v t="$int8_cosine" 'BEGIN { exit !(c >= t) }' || failures+=("$name: cosine $cosine to native INT8 (< $int8_cosine)")
        fi
        [[ $level == "$(expected_level "$cpu")" ]] || failures+=("$name: graph optimization $level, expected $(expected_level "$cpu")")
        [[ $precision == fp32 || $variant == "uint8 (non-VNNI)" ]] || failures+=("$name: INT8 variant $variant, expected the uint8 one (no VNNI)")
    done
done
grep -h "graph optimization" "$work"/*/log | sed 's/^[^ ]* [a-z]*: [^ ]* //' | sort -u
((${#failures[@]} == 0)) || { printf 'FAIL  %s\n' "${failures[@]}"; exit 1; }
echo "ok: every emulated run served its default configuration at the level chosen for its CPU, FP32 within $tolerance of native, INT8 with uint8 weights within cosine $int8_cosine of native INT8"
