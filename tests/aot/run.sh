#!/usr/bin/env bash
# The operator as a Native AOT binary: publishes it, then runs the operator's command-line and process tests against it
# (the rest of the operator suite calls its types in process, which only the JIT build offers).
#   bash tests/aot/run.sh [--no-build]     --no-build: the test project is built already (tests/run.sh)
# Needs clang (or gcc) and the C runtime's headers, as every Native AOT build on Linux does.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=artifacts/aot/operator
build_tests=1
[ "${1:-}" = "--no-build" ] && build_tests=0

rm -rf "$out"
started=$(date +%s)
dotnet publish operator/NasAssistant.Operator -c Release -r linux-x64 -p:PublishAot=true -o "$out" -nologo -clp:NoSummary \
    | grep -E "warning|error" || true
[ -x "$out/NasAssistant.Operator" ] || { echo "aot: the publish made no binary" >&2; exit 1; }
echo "aot: published $out/NasAssistant.Operator ($(( $(stat -c %s "$out/NasAssistant.Operator") / 1048576 )) MiB) in $(( $(date +%s) - started )) s"

[ "$build_tests" = 1 ] && dotnet build tests/NasAssistant.Operator.Tests -c Release -nologo -clp:NoSummary >/dev/null
NAS_ASSISTANT_OPERATOR="$PWD/$out/NasAssistant.Operator" dotnet test tests/NasAssistant.Operator.Tests -c Release --no-build \
    --filter "FullyQualifiedName~OperatorCommandLineTests|FullyQualifiedName~OperatorProcessTests"
