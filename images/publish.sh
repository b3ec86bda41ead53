#!/usr/bin/env bash
# Publishes one application, self-contained, for one architecture into the folders the Dockerfile's
# final stage copies. Both build paths run it: the Dockerfiles' publish stage and images/build.sh.
#
#   OUTPUT/app      the application and its .NET runtime                    -> /app
#   OUTPUT/models   runtime only: the bundled model, a layer of its own      -> /app/models
#                   (it changes far less often than the code)
#   OUTPUT/data     runtime only: the runtime's default folders              -> /data, owned by 65532
#
# usage: images/publish.sh operator|runtime amd64|arm64 OUTPUT
set -euo pipefail

if [[ $# -ne 3 || ! $1 =~ ^(operator|runtime)$ || ! $2 =~ ^(amd64|arm64)$ ]]; then
    echo "usage: $0 operator|runtime amd64|arm64 OUTPUT" >&2
    exit 2
fi

app=$1
arch=$2
output=$(mkdir -p "$3" && cd "$3" && pwd)
cd "$(dirname "$0")/.."
case $app in
    operator) project=operator/NasAssistant.Operator/NasAssistant.Operator.csproj ;;
    runtime) project=runtime/NasAssistant.Runtime/NasAssistant.Runtime.csproj ;;
esac

rm -rf "${output:?}"/*
# The SDK takes Docker's architecture names (amd64 for x64). PathMap makes the paths compiled into the
# assemblies and symbols the same on every machine, whatever folder the sources are in.
dotnet publish "$project" -c Release -a "$arch" --self-contained -p:PathMap="$PWD=/src" -o "$output/app"

foreign=$(find "$output/app" \( -iname '*.exe' -o -iname 'onnxruntime*.dll' -o -path '*/runtimes/*' \) -print)
if [[ -n $foreign ]]; then
    echo "publish: binaries for another operating system in the linux-$arch output:" >&2
    echo "$foreign" >&2
    exit 1
fi

if [[ $app == runtime ]]; then
    test -s "$output/app/models/minilm/model.onnx"
    test -s "$output/app/models/minilm/vocab.txt"
    mv "$output/app/models" "$output/models"
    # The defaults data/sessions and data/models (RuntimeDefaults), relative to the image's working
    # directory /, plus the knowledge folder the README and the Compose files point the runtime at.
    mkdir -p "$output/data/sessions" "$output/data/models" "$output/data/knowledge"
fi
