#!/usr/bin/env bash
# Runs a command natively on this machine with the CPU reporting itself as an SSE4.2 CPU without AVX (like Nehalem, or
# the Celeron J4125's Goldmont Plus core): .NET and ONNX Runtime then choose the code paths they choose on such a CPU,
# and run them on this silicon at its own speed. Used by emulated-cpus.sh as the native reference for the emulated
# SSE4.2 CPUs, and to measure those code paths' speed with the benchmarks, e.g.
#   tests/cpu/sse42.sh dotnet tests/NasAssistant.Benchmarks/bin/Release/net10.0/NasAssistant.Benchmarks.dll runtime
# How: cpuid-sse42.c, preloaded, makes the CPUID instruction fault and answers it with the newer features cleared.
# Needs a C compiler, and a CPU and kernel that can make CPUID fault (the cpuid_fault flag in /proc/cpuinfo: Intel
# CPUs since Ivy Bridge, and virtual machines on them, have it). No root.
#
# usage: tests/cpu/sse42.sh COMMAND [ARGUMENT...]
set -euo pipefail

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGUMENT...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
grep -qw cpuid_fault /proc/cpuinfo \
    || { echo "$0: this CPU or kernel cannot make CPUID fault (no cpuid_fault flag in /proc/cpuinfo), so it cannot hide its features" >&2; exit 1; }
compiler=$(command -v cc || command -v clang) || { echo "$0: a C compiler is missing (apt-get install gcc)" >&2; exit 1; }

# Built once per version of the source, outside the checkout (the emulated-CPU script runs as root).
library=${TMPDIR:-/tmp}/nas-assistant-cpuid-sse42-$(sha256sum < "$here/cpuid-sse42.c" | cut -c1-16).so
if [[ ! -s $library ]]; then
    "$compiler" -O2 -Wall -Wextra -Werror -shared -fPIC -o "$library.$$" "$here/cpuid-sse42.c" -ldl
    mv "$library.$$" "$library"
fi
exec env LD_PRELOAD="$library${LD_PRELOAD:+:$LD_PRELOAD}" "$@"
