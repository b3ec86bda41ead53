#!/usr/bin/env bash
# Publishes one application, self-contained, for one architecture into the folders the Dockerfile's
# final stage copies. Both build paths run it: the Dockerfiles' publish stage and images/build.sh.
#
#   OUTPUT/app      the application: the operator as one Native AOT binary,  -> /app
#                   the runtime with its .NET runtime (self-contained)
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

# The operator ships as its Native AOT binary (no .NET runtime, 0.1 s to start, half the memory). Native AOT links
# with the C toolchain: clang (or gcc) for the build machine's own architecture; across architectures, clang with the
# target's C library (Debian: crossbuild-essential-arm64 or -amd64) and llvm-objcopy to split off the symbols.
# ONNX Runtime has no AOT support, so the runtime stays a self-contained JIT application.
aot=()
if [[ $app == operator ]]; then
    aot=(-p:PublishAot=true)
    case $(uname -m) in x86_64) build_arch=amd64 ;; aarch64) build_arch=arm64 ;; *) build_arch=$(uname -m) ;; esac
    [[ $arch == "$build_arch" ]] || aot+=(-p:CppCompilerAndLinker=clang -p:ObjCopyName=llvm-objcopy)
fi

rm -rf "${output:?}"/*
# The SDK takes Docker's architecture names (amd64 for x64). PathMap makes the paths compiled into the
# assemblies and symbols the same on every machine, whatever folder the sources are in.
dotnet publish "$project" -c Release -a "$arch" --self-contained "${aot[@]}" -p:PathMap="$PWD=/src" -o "$output/app"

if [[ $app == operator ]]; then
    # The binary is all the image needs: its split-off symbols and the assemblies' symbols stay out.
    find "$output/app" -type f \( -name '*.dbg' -o -name '*.pdb' \) -delete
    [[ $(find "$output/app" -type f | wc -l) == 1 ]] || { echo "publish: more than the operator binary in the output:" >&2; ls -la "$output/app" >&2; exit 1; }
fi

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
