// Preloaded into a process (LD_PRELOAD), makes the CPUID instruction report this CPU without AVX and everything after
// it, as an SSE4.2 CPU like Nehalem reports itself. The process then runs natively, on this silicon, the code paths
// that .NET and ONNX Runtime choose for such a CPU: a native reference for the same CPUs emulated under qemu.
//
// Linux can make CPUID fault (arch_prctl ARCH_SET_CPUID, on CPUs with the cpuid_fault flag); the fault arrives as
// SIGSEGV, and the handler runs the real CPUID with faulting briefly off, clears the feature bits, and steps over the
// instruction. Faulting is per thread and inherited by the threads a thread starts, so setting it in the constructor,
// before the process starts any thread, covers them all. The .NET runtime installs its own SIGSEGV handler later;
// sigaction is wrapped so that it is chained behind this one rather than replacing it.
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <dlfcn.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
static struct sigaction chained; // the SIGSEGV handler the process itself installed, run for every other fault

static long fault_on_cpuid(int on) { return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on ? 0 : 1); }

// The feature bits an SSE4.2 CPU (qemu's Nehalem-v2) does not have. XSAVE and its state components (leaf 0xD) stay:
// the kernel still saves this CPU's AVX state in every signal frame, and .NET finds that state's layout through them.
static void mask_features(unsigned leaf, unsigned *a, unsigned *b, unsigned *c, unsigned *d) {
    if (leaf == 1) {
        // PCLMULQDQ, FMA, MOVBE, AES, AVX, F16C, RDRAND
        *c &= ~(1u << 1 | 1u << 12 | 1u << 22 | 1u << 25 | 1u << 28 | 1u << 29 | 1u << 30);
    } else if (leaf == 7) {
        *a = *b = *c = *d = 0; // AVX2, BMI1/2, AVX-512, VNNI, AVX-VNNI and the rest of the newer extensions
    } else if (leaf == 0x80000001) {
        *c &= ~(1u << 5 | 1u << 8 | 1u << 11 | 1u << 16 | 1u << 21); // LZCNT, PREFETCHW, XOP, FMA4, TBM
    }
}

static void on_segv(int signal, siginfo_t *info, void *context) {
    greg_t *registers = ((ucontext_t *)context)->uc_mcontext.gregs;
    const unsigned char *instruction = (const unsigned char *)registers[REG_RIP];
    if (instruction[0] == 0x0f && instruction[1] == 0xa2) { // CPUID
        unsigned leaf = (unsigned)registers[REG_RAX], a, b, c, d;
        fault_on_cpuid(0);
        __cpuid_count(leaf, (unsigned)registers[REG_RCX], a, b, c, d);
        fault_on_cpuid(1);
        mask_features(leaf, &a, &b, &c, &d);
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

__attribute__((constructor)) static void start_faulting_on_cpuid(void) {
    find_real_sigaction();
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = on_segv;
    ours.sa_flags = SA_SIGINFO | SA_NODEFER;
    real_sigaction(SIGSEGV, &ours, &chained);
    if (fault_on_cpuid(1) != 0) { // a kernel without the feature, or a seccomp filter: never run with all features
        static const char message[] = "cpuid-sse42: the kernel refused to make CPUID fault (arch_prctl ARCH_SET_CPUID)\n";
        write(2, message, sizeof message - 1);
        _exit(127);
    }
}
