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
fi

log=$(mktemp)
set +e
dotnet test Operator.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
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
