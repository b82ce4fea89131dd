import CLapack
#if canImport(Glibc)
import Glibc
#endif

/// The OpenBLAS kernels reval's arithmetic runs on: Haswell's (AVX2 and FMA) on every x86-64
/// CPU that has both, whatever OpenBLAS would pick itself.
///
/// Why pin them:
/// - **Speed.** OpenBLAS (Debian's build, `DYNAMIC_ARCH`) chooses its kernels by the CPU's model
///   number, and a model it does not know yet falls back to its SSE3 kernels ("Prescott").
///   Debian 12's OpenBLAS 0.3.21 does not know the Xeons of our 2-core machines (family 6,
///   model 207), so every Gram product ran on SSE3: the national estimate (1,000,000 persons,
///   eight estimates) took 101 s; on the Haswell kernels 78 s (README, Performance).
/// - **The same digits on other machines.** Kernels differ in how they order and fuse their
///   multiply-adds, so the 15th digit of a figure in the full-precision CSV depended on which
///   kernel OpenBLAS picked: Haswell on one analyst's laptop, SkylakeX or Zen on another's. One
///   kernel for every CPU with AVX2 and FMA (Intel since 2013, AMD since 2015) gives them all
///   the same rounding. Printed figures (two decimals) never differed.
///
/// `OPENBLAS_CORETYPE`, when set, is the user's choice (OpenBLAS applied it when it loaded) and
/// is left alone, as is a CPU without AVX2 or FMA and a BLAS that is not OpenBLAS.
public enum BLASKernel {
    /// The kernel set pinned where the CPU allows it (OpenBLAS's name for it).
    static let pinned = "Haswell"

    /// The kernel set OpenBLAS runs on, or nil for another BLAS (the reference BLAS has one).
    public static var current: String? {
        _ = BLASSetup.done
        #if canImport(Glibc)
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename") else { return nil }
        return unsafeBitCast(f, to: (@convention(c) () -> UnsafePointer<CChar>?).self)().map { String(cString: $0) }
        #else
        return nil
        #endif
    }

    /// Re-initialises OpenBLAS on the pinned kernels, through its own entry points
    /// (`gotoblas_dynamic_quit`, then `gotoblas_dynamic_init`, which reads
    /// `OPENBLAS_CORETYPE`: set for the call and removed after it). Called once, by
    /// `BLASSetup`, before any BLAS call.
    static func pin() {
        #if canImport(Glibc)
        let process = UnsafeMutableRawPointer(bitPattern: 0)
        guard getenv("OPENBLAS_CORETYPE") == nil, reval_cpu_supports_avx2_fma() != 0,
              let quit = dlsym(process, "gotoblas_dynamic_quit"), let initialise = dlsym(process, "gotoblas_dynamic_init") else { return }
        typealias Entry = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", pinned, 1)
        unsafeBitCast(quit, to: Entry.self)()
        unsafeBitCast(initialise, to: Entry.self)()
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }
}
