#!/usr/bin/env bash
# Serves the published runtime on emulated x86-64 CPUs without AVX and compares it with this machine:
#   Nehalem-v2  SSE4.2, no AVX (the oldest x86-64 CPU .NET 10 runs on)
#   Denverton   Atom C3000, Goldmont: the core family of the Celeron J4125 and N5105
# It first serves natively, twice per precision (FP32, INT8): with all of this CPU's features, and as an SSE4.2 CPU
# (as-cpu.sh sse4.2: CPUID reports no AVX and nothing newer, so .NET and ONNX Runtime take the code paths those CPUs
# take, on this silicon). Then, for each emulated CPU and precision, it starts the self-contained runtime under
# qemu-x86_64-static with its default configuration, embeds a few inputs over HTTP, and checks that
#   - every FP32 embedding is within 1e-4 (largest absolute difference) of the native run with all features,
#   - every INT8 embedding is within 1e-4 of the native run as an SSE4.2 CPU, and within the INT8 accuracy bars of
#     native FP32 (cosine 0.99 for one- and two-word inputs, 0.995 for sentences),
#   - the graph optimization is the one the runtime picks for that CPU (nas_assistant_model_info):
#     basic without AVX2 and FMA, all with them (pass --cpus "Nehalem-v2 Haswell" to compare),
#   - INT8 quantized with the weight encoding of CPUs without VNNI (the uint8 variant),
# and prints one line per run (a run that exits before it is ready says so, and the others still run). The native
# SSE4.2 runs must choose basic and the uint8 variant by themselves too. INT8 against the native INT8 run with all
# features is printed but not held to 1e-4: with VNNI this CPU quantizes other weights (int8), and without, its
# AVX2/AVX-512 kernels round the FP32 activations that INT8 quantizes at run time a bit differently.
# /sys/devices/system/cpu is hidden from the emulated runtime (an empty tmpfs in a private mount namespace): ONNX
# Runtime's CPU detection reads the host's CPUs there, which fails under emulation.
# Needs root (the mount namespace), qemu-user-static, curl, jq, python3, a C compiler, the .NET SDK, and a CPU that
# can make CPUID fault (cpuid_fault in /proc/cpuinfo; see as-cpu.sh); takes a few minutes (emulation is slow). It is
# not part of tests/run.sh.
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
as_cpu=$PWD/tests/cpu/as-cpu.sh
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

for tool in qemu-x86_64-static unshare curl jq python3 cc; do
    command -v "$tool" > /dev/null || fail "$tool is missing (apt-get install qemu-user-static curl jq python3 gcc)"
done
grep -qw cpuid_fault /proc/cpuinfo || fail "this CPU cannot make CPUID fault (no cpuid_fault in /proc/cpuinfo): the native SSE4.2 reference cannot run"
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

# Starts the runtime with its own folders under $work/NAME and the given quantization (CPU: "native", "sse4.2" for
# this CPU reporting SSE4.2 only, or a qemu CPU model), waits until it is ready, embeds the inputs into NAME.json,
# saves its metrics into NAME.metrics, and stops it; NAME.timing says how long that took, or why it failed (status 1).
serve() { # NAME CPU QUANTIZATION
    local name=$1 cpu=$2 quantization=$3 port metrics_port status dir=$work/$1 started=$SECONDS
    mkdir -p "$dir"
    port=$(unused_port)
    metrics_port=$(unused_port)
    local environment=(ORT_DISABLE_TELEMETRY=1 NAS_ASSISTANT_SERVER__PORT="$port" NAS_ASSISTANT_SERVER__METRICS_PORT="$metrics_port"
        NAS_ASSISTANT_MODEL__QUANTIZATION="$quantization" NAS_ASSISTANT_MODEL__CACHE_DIRECTORY="$dir/models"
        NAS_ASSISTANT_CONVERSATIONS__DIRECTORY="$dir/sessions")
    case $cpu in
        native)
            (cd "$dir" && exec env "${environment[@]}" "$app/NasAssistant.Runtime") > "$dir/log" 2>&1 &
            ;;
        sse4.2)
            (cd "$dir" && exec env "${environment[@]}" "$as_cpu" sse4.2 "$app/NasAssistant.Runtime") > "$dir/log" 2>&1 &
            ;;
        *)
            # .NET writes JIT code through a second, writable mapping of the executable pages (W^X); qemu-user
            # keeps running its stale translation of those pages, and the runtime dies with SIGSEGV in freshly
            # compiled code on every emulated CPU model, AVX2 ones included. Off, emulation runs .NET as a CPU would.
            environment+=(DOTNET_EnableWriteXorExecute=0)
            # Quantizing under qemu-user crashes in JIT-compiled code more often than not, on emulated AVX2 CPUs too,
            # while native CPUs of every kind quantize and a run that finishes writes the native run's bytes. So the
            # emulated INT8 runs start from the native SSE4.2 run's quantized model (the uint8 variant), as a pod
            # starts from its init step's, and serve it.
            if [[ $quantization == int8 ]]; then
                cp -r "$work/sse4.2-int8/models" "$dir/models"
                rm -f "$dir"/models/*.lock
            fi
            (cd "$dir" && exec env "${environment[@]}" unshare --mount --fork --kill-child bash -c \
                'mount -t tmpfs cpu-hidden /sys/devices/system/cpu && exec qemu-x86_64-static -cpu "$1" "$2/NasAssistant.Runtime"' \
                _ "$cpu" "$app") > "$dir/log" 2>&1 &
            ;;
    esac
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

# The cosine of each input's two embeddings, one per line.
cosines() { # FILE FILE
    jq -r -n --slurpfile a "$1" --slurpfile b "$2" \
        'range($a[0].data | length) as $i | [$a[0].data[$i].embedding, $b[0].data[$i].embedding]
         | ([transpose[] | .[0] * .[1]] | add) / ((([.[0][] | . * .] | add) * ([.[1][] | . * .] | add)) | sqrt)'
}

smallest_cosine() { # FILE FILE
    cosines "$1" "$2" | sort -g | head -1
}

largest_difference() { # FILE FILE
    jq -n --slurpfile a "$1" --slurpfile b "$2" \
        '[range($a[0].data | length) as $i | [$a[0].data[$i].embedding, $b[0].data[$i].embedding] | transpose[] | .[0] - .[1] | fabs] | max'
}

# The inputs whose INT8 embedding misses the runtime's accuracy bar against native FP32 (int8-accuracy.jq).
int8_accuracy_failures() { # NAME
    jq -r -n --argjson texts "$inputs" --slurpfile fp32 "$work/native-fp32.json" --slurpfile int8 "$work/$1.json" \
        -f tests/cpu/int8-accuracy.jq | sed '$d' | sed "s/^/$1: below its INT8 accuracy bar against native FP32: /"
}

row() { # CPU MODEL LEVEL INT8 DIFFERENCE TIME
    printf '%-11s %-5s %-8s %-18s %-48s %s\n' "$@"
}

failures=()
row cpu model level int8 "max |diff| (cosine) to its reference" time
for cpu in native sse4.2; do
    for precision in fp32 int8; do
        quantization=$([[ $precision == int8 ]] && echo int8 || echo none)
        name="$cpu-$precision"
        serve "$name" "$cpu" "$quantization" || fail "$name: $(cat "$work/$name.timing")"
        level=$(label "$work/$name.metrics" graph_optimization)
        variant=$([[ $precision == int8 ]] && int8_variant "$name" || echo -)
        if [[ $cpu == native ]]; then
            compared=reference
        else
            compared="$(largest_difference "$work/native-$precision.json" "$work/$name.json") ($(smallest_cosine "$work/native-$precision.json" "$work/$name.json")) to native"
        fi
        row "$cpu" "$precision" "$level" "$variant" "$compared" "$(cat "$work/$name.timing")"
    done
done
# The native SSE4.2 runs choose for themselves what a J4125 gets; the emulated INT8 runs serve their quantized model.
[[ $(label "$work/sse4.2-fp32.metrics" graph_optimization) == basic ]] || failures+=("sse4.2-fp32: graph optimization $(label "$work/sse4.2-fp32.metrics" graph_optimization), expected basic")
[[ $(int8_variant sse4.2-int8) == "uint8 (non-VNNI)" ]] || fail "sse4.2-int8: quantized $(int8_variant sse4.2-int8), not the uint8 variant: CPUID still reported VNNI"
difference=$(largest_difference "$work/native-fp32.json" "$work/sse4.2-fp32.json")
awk -v d="$difference" -v t="$tolerance" 'BEGIN { exit !(d <= t) }' || failures+=("sse4.2-fp32: differs from native by $difference (> $tolerance)")
mapfile -t -O "${#failures[@]}" failures < <(int8_accuracy_failures sse4.2-int8)

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
            row "$cpu" "$precision" "${level:--}" - - "$(cat "$work/$name.timing")"
            failures+=("$name: $(cat "$work/$name.timing")")
            continue
        fi
        level=$(label "$work/$name.metrics" graph_optimization)
        variant=$([[ $precision == int8 ]] && int8_variant "$name" || echo -)
        # FP32 against native; INT8 against native as an SSE4.2 CPU, the same kernels on real silicon.
        reference=$([[ $precision == int8 ]] && echo sse4.2 || echo native)
        difference=$(largest_difference "$work/$reference-$precision.json" "$work/$name.json")
        row "$cpu" "$precision" "$level" "$variant" \
            "$difference ($(smallest_cosine "$work/$reference-$precision.json" "$work/$name.json")) to $reference" "$(cat "$work/$name.timing")"
        count=$(jq '.data | length' "$work/$name.json")
        [[ $count == "$(jq -n --argjson input "$inputs" '$input | length')" ]] || failures+=("$name: $count embeddings")
        awk -v d="$difference" -v t="$tolerance" 'BEGIN { exit !(d <= t) }' || failures+=("$name: embeddings differ from $reference by $difference (> $tolerance)")
        [[ $level == "$(expected_level "$cpu")" ]] || failures+=("$name: graph optimization $level, expected $(expected_level "$cpu")")
        if [[ $precision == int8 ]]; then
            [[ $variant == "uint8 (non-VNNI)" ]] || failures+=("$name: INT8 variant $variant, expected the uint8 one (no VNNI)")
            mapfile -t -O "${#failures[@]}" failures < <(int8_accuracy_failures "$name")
        fi
    done
done
echo "INT8 on SSE4.2 against native INT8 with all of this CPU's features ($(int8_variant native-int8)): max |diff| $(largest_difference "$work/native-int8.json" "$work/sse4.2-int8.json"), cosine $(smallest_cosine "$work/native-int8.json" "$work/sse4.2-int8.json")"
echo "INT8 on SSE4.2 against native FP32, per input: $(cosines "$work/native-fp32.json" "$work/sse4.2-int8.json" | tr '\n' ' ')"
grep -h "graph optimization" "$work"/*/log | sed 's/^[^ ]* [a-z]*: [^ ]* //' | sort -u
((${#failures[@]} == 0)) || { printf 'FAIL  %s\n' "${failures[@]}"; exit 1; }
echo "ok: every run served its default configuration at the level chosen for its CPU; FP32 within $tolerance of native; INT8 with uint8 weights within $tolerance of native as an SSE4.2 CPU and within cosine 0.99 (short inputs) and 0.995 (sentences) of native FP32"
