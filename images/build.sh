#!/usr/bin/env bash
# Builds the operator and runtime images for linux/amd64 and linux/arm64 without Docker or a registry:
# the final stage of each Dockerfile, built by buildah, with the publish and rootfs stages replaced by
# the same scripts run here (images/publish.sh, images/rootfs.sh). Needs root, the .NET SDK, Debian's
# buildah, mmdebstrap and skopeo, and for the operator's Native AOT binary clang, llvm and the other
# architecture's C library (crossbuild-essential-arm64 on amd64) (--install-tools installs them).
#
# usage: sudo images/build.sh [--install-tools] [--arch amd64,arm64] [--app operator,runtime] [--output DIR] [--report-only]
#
# Writes one OCI archive per image and architecture to DIR (default artifacts/images), tags the images
# in the local container storage as ghcr.io/nas-assistant/APP:VERSION-ARCH with a manifest list
# ghcr.io/nas-assistant/APP:VERSION (podman run uses it as is), prints the sizes against their targets,
# and records the digests in DIR/digests.txt, each marked the same as or changed from that image's last build.
# --report-only prints the sizes and digests of the archives already in DIR.
set -euo pipefail

cd "$(dirname "$0")/.."
repository=$PWD
source images/base.env

archs=amd64,arm64
apps=operator,runtime
output=artifacts/images
install_tools=false
report_only=false
while [[ $# -gt 0 ]]; do
    case $1 in
        --install-tools) install_tools=true ;;
        --arch) archs=$2; shift ;;
        --app) apps=$2; shift ;;
        --output) output=$2; shift ;;
        --report-only) report_only=true ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
    shift
done

if [[ $install_tools == true ]]; then
    case $(dpkg --print-architecture) in amd64) cross=crossbuild-essential-arm64 ;; *) cross=crossbuild-essential-amd64 ;; esac
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        buildah mmdebstrap skopeo jq podman runc qemu-user-static file clang llvm "$cross"
fi

command -v dotnet > /dev/null || { echo "build: the .NET 10 SDK is missing" >&2; exit 1; }
for tool in buildah mmdebstrap skopeo jq clang llvm-objcopy; do
    command -v "$tool" > /dev/null || { echo "build: $tool is missing (run with --install-tools)" >&2; exit 1; }
done
[[ $(id -u) == 0 ]] || { echo "build: needs root (buildah's storage, mmdebstrap)" >&2; exit 1; }

registry=ghcr.io/nas-assistant
version=$(sed -n 's/^appVersion: "\(.*\)"$/\1/p' charts/nas-assistant-operator/Chart.yaml)
revision=$(git rev-parse HEAD)
[[ -z $(git status --porcelain) ]] || revision+=-dirty
# The application layers carry the commit's time, the base its own fixed time (images/base.env), so the
# base stays the same across commits. A rebuild of one commit changes only the applications' own
# assemblies (NasAssistant.*.dll and .pdb): .NET 10's logging source generator writes its classes in a
# varying order (https://github.com/dotnet/runtime/issues/119587, fixed in .NET 11).
app_epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
mkdir -p "$output"
output=$(cd "$output" && pwd)
work=$output/work
empty_context=$work/context
mkdir -p "$empty_context"
IFS=, read -ra arch_list <<< "$archs"
IFS=, read -ra app_list <<< "$apps"

declare -A targets_mb=([operator]=40 [runtime]=150)
declare -A layer_holds=(
    [/]="Debian $DEBIAN_SUITE base: glibc, libstdc++, OpenSSL, CA certificates, zone files, users"
    [/data]="the runtime's data folders (sessions, models, knowledge), owned by 65532"
    [/app/models]="the bundled all-MiniLM-L6-v2 model and its vocabulary"
    [/app]="the application: the operator's Native AOT binary, or the runtime self-contained with its .NET runtime and native libraries"
)

build_base() {
    local arch=$1
    echo "== base $DEBIAN_SUITE/$arch"
    images/rootfs.sh "$arch" "$work/$arch/rootfs/rootfs"
    buildah build --quiet --target base --platform "linux/$arch" --identity-label=false --no-cache \
        --timestamp "$BASE_SOURCE_DATE_EPOCH" --build-context rootfs="$work/$arch/rootfs" \
        -f runtime/Dockerfile -t "localhost/nas-assistant/base:$DEBIAN_SUITE-$arch" "$empty_context" > /dev/null
}

build_image() {
    local app=$1 arch=$2
    local tag=$registry/$app:$version-$arch
    echo "== $app/$arch"
    images/publish.sh "$app" "$arch" "$work/$arch/$app/out" > "$work/$arch/$app.publish.log" \
        || { cat "$work/$arch/$app.publish.log" >&2; exit 1; }
    # Docker's image format keeps the HEALTHCHECK; the OCI format has no field for it.
    buildah build --quiet --platform "linux/$arch" --identity-label=false --layers --no-cache --format docker \
        --timestamp "$app_epoch" --build-arg VERSION="$version" --build-arg REVISION="$revision" \
        --build-context base="container-image://localhost/nas-assistant/base:$DEBIAN_SUITE-$arch" \
        --build-context publish="$work/$arch/$app" \
        -f "$app/Dockerfile" -t "$tag" "$empty_context" > /dev/null
    rm -f "$output/$app-$arch.oci.tar"
    # (containers/storage logs its choice of storage driver at info level; nothing else is said here.)
    skopeo copy --quiet "containers-storage:$tag" "oci-archive:$output/$app-$arch.oci.tar:$registry/$app:$version" \
        2> >(grep -v 'graphdriver' >&2)
}

build_manifest_list() {
    local app=$1 list=$registry/$app:$version
    buildah manifest rm "$list" > /dev/null 2>&1 || true
    buildah manifest create "$list" > /dev/null
    for arch in "${arch_list[@]}"; do
        buildah manifest add --arch "$arch" "$list" "containers-storage:$list-$arch" > /dev/null
    done
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }

# Prints one image's layers from its archive: compressed and unpacked size, what it holds, its largest files.
report_image() {
    local app=$1 arch=$2 archive=$output/$app-$arch.oci.tar
    local manifest config total destinations i digest size unpacked
    manifest=$(skopeo inspect --raw "oci-archive:$archive")
    config=$(skopeo inspect --config --raw "oci-archive:$archive")
    total=$(jq '[.layers[].size] | add' <<< "$manifest")
    local verdict="within"
    (( total <= targets_mb[$app] * 1000000 )) || verdict="OVER"
    printf '%-8s %-5s %9s compressed, target %d MB: %s\n' "$app" "$arch" "$(mb "$total")" "${targets_mb[$app]}" "$verdict"
    mapfile -t destinations < <(jq -r '.history[] | select(.empty_layer != true) | .created_by | sub(".* in "; "") | rtrimstr(" ")' <<< "$config")
    for i in "${!destinations[@]}"; do
        digest=$(jq -r ".layers[$i].digest" <<< "$manifest")
        size=$(jq -r ".layers[$i].size" <<< "$manifest")
        mkdir -p "$work/blobs"
        tar -xf "$archive" -C "$work/blobs" "blobs/sha256/${digest#sha256:}"
        unpacked=$(gzip -dc "$work/blobs/blobs/sha256/${digest#sha256:}" | wc -c)
        printf '    %-12s %9s (%9s unpacked)  %s\n' "${destinations[$i]}" "$(mb "$size")" "$(mb "$unpacked")" "${layer_holds[${destinations[$i]}]}"
        gzip -dc "$work/blobs/blobs/sha256/${digest#sha256:}" | tar -tvf - | sort -k3 -n -r \
            | awk 'NR <= 3 { printf "                 %8.1f MB  %s\n", $3 / 1000000, $6 }'
        rm -f "$work/blobs/blobs/sha256/${digest#sha256:}"
    done
}

digests() {
    local app=$1 arch=$2 archive=$output/$app-$arch.oci.tar
    local manifest
    manifest=$(skopeo inspect --raw "oci-archive:$archive")
    printf '%-26s %s\n' "$app/$arch/manifest" "$(tar -xOf "$archive" index.json | jq -r '.manifests[0].digest')"
    printf '%-26s %s\n' "$app/$arch/config" "$(jq -r '.config.digest' <<< "$manifest")"
    printf '%-26s %s\n' "$app/$arch/base-layer" "$(jq -r '.layers[0].digest' <<< "$manifest")"
}

if [[ $report_only == false ]]; then
    for arch in "${arch_list[@]}"; do
        build_base "$arch"
        for app in "${app_list[@]}"; do
            build_image "$app" "$arch"
        done
    done
    for app in "${app_list[@]}"; do
        build_manifest_list "$app"
    done
fi

echo
echo "Sizes (layers gzip-compressed as a registry stores them; targets from DESIGN.md §7)"
for app in "${app_list[@]}"; do
    for arch in "${arch_list[@]}"; do
        report_image "$app" "$arch"
    done
done

echo
echo "Digests (version $version, revision $revision, base SOURCE_DATE_EPOCH $BASE_SOURCE_DATE_EPOCH, application $app_epoch)"
current=$(for app in "${app_list[@]}"; do for arch in "${arch_list[@]}"; do digests "$app" "$arch"; done; done)
touch "$output/digests.txt"
# Each digest against the last build of the same image (digests.txt keeps every image's last digests,
# so building one image or architecture compares with that image's own last build and keeps the rest).
awk 'FILENAME == ARGV[1] { previous[$1] = $2; next }
     { print $0 "  " (!($1 in previous) ? "(first build)" : previous[$1] == $2 ? "(same as the last build)" : "(changed; was " previous[$1] ")") }' \
    "$output/digests.txt" <(echo "$current")
awk 'FILENAME == ARGV[1] { built[$1]; print; next } !($1 in built)' <(echo "$current") "$output/digests.txt" | sort > "$output/digests.new"
mv "$output/digests.new" "$output/digests.txt"
echo
echo "archives: $(cd "$repository" && realpath --relative-to=. "$output")/{$apps}-{$archs}.oci.tar"
