#!/usr/bin/env bash
# The base root filesystem of both images: Debian's C and C++ runtimes, OpenSSL, CA certificates and
# zone files, with no shell, package manager or other executable. mmdebstrap's extract variant unpacks
# the packages without running anything inside the tree, so it builds any architecture on any host.
# Both build paths run this script: the Dockerfiles' rootfs stage and images/build.sh.
#
# usage: images/rootfs.sh ARCH OUTPUT_DIR     (ARCH: amd64 | arm64; needs root and mmdebstrap)
# DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR choose the mirrors (for example snapshot.debian.org).
set -euo pipefail

if [[ $# -ne 2 || ! $1 =~ ^(amd64|arm64)$ ]]; then
    echo "usage: $0 amd64|arm64 OUTPUT_DIR" >&2
    exit 2
fi

arch=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=base.env
source "$here/base.env"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
export SOURCE_DATE_EPOCH=$BASE_SOURCE_DATE_EPOCH

# The package database scanners read (Trivy, Syft, buildx SBOMs): one record per unpacked package;
# debconf is left out because none of its files stay.
status_hook='for deb in "$1"/var/cache/apt/archives/*.deb; do
    [ "$(dpkg-deb --field "$deb" Package)" = debconf ] && continue
    dpkg-deb --field "$deb" Package Version Architecture Multi-Arch Source Maintainer Installed-Size Depends Pre-Depends Homepage Description \
        | sed "1a Status: install ok installed"
    echo
done > "$1/var/lib/dpkg/status"'

rm -rf "$root"
mkdir -p "$(dirname "$root")"
mmdebstrap --quiet --variant=extract --architectures="$arch" --include="$BASE_PACKAGES" \
    --extract-hook="$status_hook" \
    "$DEBIAN_SUITE" "$root" \
    "deb $mirror $DEBIAN_SUITE main" \
    "deb $mirror $DEBIAN_SUITE-updates main" \
    "deb $security $DEBIAN_SUITE-security main"

cd "$root"

# update-ca-certificates would write this bundle at installation; OpenSSL (and so .NET) reads it
# through /usr/lib/ssl/cert.pem and /etc/ssl/certs.
find usr/share/ca-certificates -name '*.crt' -print0 | LC_ALL=C sort -z | xargs -0 cat > etc/ssl/certs/ca-certificates.crt
test "$(grep -c 'BEGIN CERTIFICATE' etc/ssl/certs/ca-certificates.crt)" -gt 100

# Keep the libraries, configuration, zone files, certificates and every package's copyright; drop
# executables, maintainer tooling, documentation and what the container engine provides (/dev, DNS).
find usr/share/doc -mindepth 2 -not -name copyright -not -type d -delete
find usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf dev/* etc/apt etc/dpkg etc/ca-certificates etc/debconf.conf etc/fstab etc/hostname etc/resolv.conf \
    etc/issue etc/issue.net etc/motd etc/profile etc/bash.bashrc etc/dpkg etc/skel etc/update-motd.d etc/terminfo \
    etc/default etc/host.conf etc/legal etc/profile.d \
    root/.bashrc root/.profile \
    usr/bin usr/sbin usr/libexec usr/games usr/lib/ssl/misc usr/lib/*/gconv usr/lib/*/engines-3 \
    usr/share/bash-completion usr/share/base-files usr/share/ca-certificates usr/share/debconf usr/share/dict \
    usr/share/gcc usr/share/gdb usr/share/info usr/share/lintian usr/share/man usr/share/menu usr/share/perl5 \
    usr/share/pixmaps \
    var/cache/* var/lib/apt var/lib/dpkg/[!s]* var/lib/dpkg/statoverride var/log/*

# The one unprivileged user both images run as (distroless' "nonroot"), and name resolution through
# /etc/hosts and DNS without any NSS module beyond glibc's own.
cat > etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
nonroot:x:65532:65532:nonroot:/nonexistent:/usr/sbin/nologin
PASSWD
cat > etc/group <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
cat > etc/nsswitch.conf <<'NSSWITCH'
passwd: files
group: files
hosts: files dns
NSSWITCH
chmod 1777 tmp
