// Preloaded into a process (LD_PRELOAD), makes the CPUID instruction report this CPU as an older one, named by
// CPUID_MASK_MODEL: "sse4.2" (no AVX and nothing after it, as Nehalem or the Celeron J4125), "avx2" (AVX2 and FMA, no
// AVX-512 and no VNNI, as Haswell to Comet Lake or Zen 1 to 3) or "avx-vnni" (that and AVX-VNNI, as Alder Lake or the
// N100). The process then runs natively, on this silicon, the code paths that .NET and ONNX Runtime choose for such a
// CPU. Features this CPU lacks are never added.
//
// Linux can make CPUID fault (arch_prctl ARCH_SET_CPUID, on CPUs with the cpuid_fault flag); the fault arrives as
// SIGSEGV, and the handler runs the real CPUID with faulting briefly off, clears the feature bits, and steps over the
// instruction. Faulting is per thread and inherited by the threads a thread starts, so setting it in the constructor,
// before the process starts any thread, covers them all. The .NET runtime installs its own SIGSEGV handler later;
// sigaction is wrapped so that it is chained behind this one rather than replacing it (signal() is not: neither .NET
// nor ONNX Runtime installs its handlers with it).
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
static struct sigaction chained; // the SIGSEGV handler the process itself installed, run for every other fault

static long fault_on_cpuid(int on) { return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on ? 0 : 1); }

enum model { SSE42, AVX2, AVX_VNNI };
static enum model model;

// The feature bits the model does not have. XSAVE and its state components (leaf 0xD) stay: the kernel still saves this
// CPU's AVX state in every signal frame, and .NET finds that state's layout through them.
static void mask_features(unsigned leaf, unsigned subleaf, unsigned *a, unsigned *b, unsigned *c, unsigned *d) {
    if (model == SSE42) {
        if (leaf == 1) {
            // PCLMULQDQ, FMA, MOVBE, AES, AVX, F16C, RDRAND
            *c &= ~(1u << 1 | 1u << 12 | 1u << 22 | 1u << 25 | 1u << 28 | 1u << 29 | 1u << 30);
        } else if (leaf == 7) {
            *a = *b = *c = *d = 0; // AVX2, BMI1/2, AVX-512, VNNI, AVX-VNNI and the rest of the newer extensions
        } else if (leaf == 0x80000001) {
            *c &= ~(1u << 5 | 1u << 8 | 1u << 11 | 1u << 16 | 1u << 21); // LZCNT, PREFETCHW, XOP, FMA4, TBM
        }
        return;
    }
    if (leaf == 7 && subleaf == 0) {
        // AVX-512 F, DQ, IFMA, PF, ER, CD, BW, VL
        *b &= ~(1u << 16 | 1u << 17 | 1u << 21 | 1u << 26 | 1u << 27 | 1u << 28 | 1u << 30 | 1u << 31);
        // AVX-512 VBMI, VBMI2, GFNI, VAES, VPCLMULQDQ, VNNI, BITALG, VPOPCNTDQ
        *c &= ~(1u << 1 | 1u << 6 | 1u << 8 | 1u << 9 | 1u << 10 | 1u << 11 | 1u << 12 | 1u << 14);
        // AVX-512 4VNNIW, 4FMAPS, VP2INTERSECT, FP16; AMX BF16, TILE, INT8
        *d &= ~(1u << 2 | 1u << 3 | 1u << 8 | 1u << 23 | 1u << 22 | 1u << 24 | 1u << 25);
    } else if (leaf == 7 && subleaf == 1) {
        *a &= model == AVX_VNNI ? 1u << 4 : 0; // of the newer extensions, AVX-VNNI alone, and only for avx-vnni
        *d = 0;                                 // AVX-VNNI-INT8, AVX10 and later
    } else if (leaf == 0x24) {
        *a = *b = *c = *d = 0; // AVX10
    }
}

static void on_segv(int signal, siginfo_t *info, void *context) {
    greg_t *registers = ((ucontext_t *)context)->uc_mcontext.gregs;
    const unsigned char *instruction = (const unsigned char *)registers[REG_RIP];
    if (instruction[0] == 0x0f && instruction[1] == 0xa2) { // CPUID
        unsigned leaf = (unsigned)registers[REG_RAX], subleaf = (unsigned)registers[REG_RCX], a, b, c, d;
        fault_on_cpuid(0);
        __cpuid_count(leaf, subleaf, a, b, c, d);
        fault_on_cpuid(1);
        mask_features(leaf, subleaf, &a, &b, &c, &d);
        registers[REG_RAX] = a;
        registers[REG_RBX] = b;
        registers[REG_RCX] = c;
        registers[REG_RDX] = d;
        registers[REG_RIP] += 2;
    } else if (chained.sa_flags & SA_SIGINFO) {
        chained.sa_sigaction(signal, info, context);
    } else if (chained.sa_handler != SIG_DFL && chained.sa_handler != SIG_IGN) {
        chained.sa_handler(signal);
    } else {
        real_sigaction(SIGSEGV, &chained, 0); // the fault repeats on return and takes the default action
    }
}

static void find_real_sigaction(void) {
    if (!real_sigaction)
        real_sigaction = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT, "sigaction");
}

int sigaction(int signal, const struct sigaction *action, struct sigaction *old) {
    find_real_sigaction();
    if (signal != SIGSEGV) return real_sigaction(signal, action, old);
    if (old) *old = chained;
    if (action) {
        chained = *action;
        struct sigaction ours = *action;
        ours.sa_sigaction = on_segv;
        ours.sa_flags |= SA_SIGINFO | SA_NODEFER; // CPUID may run in a SIGSEGV handler too
        return real_sigaction(SIGSEGV, &ours, 0);
    }
    return 0;
}

static void refuse(const char *message, size_t length) {
    write(2, message, length);
    _exit(127);
}

__attribute__((constructor)) static void start_faulting_on_cpuid(void) {
    const char *name = getenv("CPUID_MASK_MODEL");
    if (name && strcmp(name, "sse4.2") == 0) model = SSE42;
    else if (name && strcmp(name, "avx2") == 0) model = AVX2;
    else if (name && strcmp(name, "avx-vnni") == 0) model = AVX_VNNI;
    else {
        static const char message[] = "cpuid-mask: CPUID_MASK_MODEL must be sse4.2, avx2 or avx-vnni\n";
        refuse(message, sizeof message - 1);
    }
    find_real_sigaction();
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = on_segv;
    ours.sa_flags = SA_SIGINFO | SA_NODEFER;
    real_sigaction(SIGSEGV, &ours, &chained);
    if (fault_on_cpuid(1) != 0) { // a kernel without the feature, or a seccomp filter: never run with all features
        static const char message[] = "cpuid-mask: the kernel refused to make CPUID fault (arch_prctl ARCH_SET_CPUID)\n";
        refuse(message, sizeof message - 1);
    }
}
