#!/usr/bin/env bash
# Runs a command natively on this machine with the CPU reporting itself as an older one:
#   sse4.2    no AVX and nothing after it, as Nehalem, or the Goldmont Plus core of the Celeron J4125
#   avx2      AVX2 and FMA without AVX-512 or VNNI, as Haswell to Comet Lake, or Zen 1 to 3
#   avx-vnni  that and AVX-VNNI, as Alder Lake or the N100 (this CPU must have AVX-VNNI)
# .NET and ONNX Runtime then choose the code paths they choose on such a CPU, and run them on this silicon at its own
# speed. Used by the runtime's tests (MaskedCpuTests), by emulated-cpus.sh as the native reference for the emulated
# SSE4.2 CPUs, and to measure those code paths with the benchmarks, e.g.
#   tests/cpu/as-cpu.sh sse4.2 dotnet tests/NasAssistant.Benchmarks/bin/Release/net10.0/NasAssistant.Benchmarks.dll runtime
# How: cpuid-mask.c, preloaded, makes the CPUID instruction fault and answers it with the newer features cleared.
# Needs a C compiler, and a CPU and kernel that can make CPUID fault (the cpuid_fault flag in /proc/cpuinfo: Intel
# CPUs since Ivy Bridge, and virtual machines on them, have it). No root.
#
# usage: tests/cpu/as-cpu.sh sse4.2|avx2|avx-vnni COMMAND [ARGUMENT...]
set -euo pipefail

usage() { echo "usage: $0 sse4.2|avx2|avx-vnni COMMAND [ARGUMENT...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
case $1 in sse4.2 | avx2 | avx-vnni) model=$1 ;; *) usage ;; esac
shift
here=$(cd "$(dirname "$0")" && pwd)
grep -qw cpuid_fault /proc/cpuinfo \
    || { echo "$0: this CPU or kernel cannot make CPUID fault (no cpuid_fault flag in /proc/cpuinfo), so it cannot hide its features" >&2; exit 1; }
if [[ $model == avx-vnni ]] && ! grep -qw avx_vnni /proc/cpuinfo; then
    echo "$0: this CPU has no AVX-VNNI to keep (avx_vnni in /proc/cpuinfo)" >&2
    exit 1
fi
compiler=$(command -v cc || command -v clang) || { echo "$0: a C compiler is missing (apt-get install gcc)" >&2; exit 1; }

# Built once per version of the source, outside the checkout (the emulated-CPU script runs as root).
library=${TMPDIR:-/tmp}/nas-assistant-cpuid-mask-$(sha256sum < "$here/cpuid-mask.c" | cut -c1-16).so
if [[ ! -s $library ]]; then
    "$compiler" -O2 -Wall -Wextra -Werror -shared -fPIC -o "$library.$$" "$here/cpuid-mask.c" -ldl
    mv "$library.$$" "$library"
fi
exec env CPUID_MASK_MODEL="$model" LD_PRELOAD="$library${LD_PRELOAD:+:$LD_PRELOAD}" "$@"
