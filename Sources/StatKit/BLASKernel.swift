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
///   eight estimates) took 101 s; on the Haswell kernels 78 s (README, Performance). Where
///   OpenBLAS knows the CPU the gain is nil, and on a CPU with AVX-512 its own kernels might be
///   faster (not measured; on ours the SkylakeX kernels were not).
/// - **The same digits on other machines.** Kernels differ in how they order and fuse their
///   multiply-adds, so the last digits of the full-precision figures depended on which kernel
///   OpenBLAS picked: Haswell on one analyst's laptop, SkylakeX or Zen on another's. One kernel
///   for every CPU with AVX2 and FMA (most Intel Core and Xeon processors since 2013, AMD since
///   2015) gives them the same rounding, with the same OpenBLAS build. Estimates moved by at
///   most a few units in the 14th digit and balance statistics near zero in the 10th, and no
///   printed figure changed in our runs; but a last-bit change in a score can flip a nearest
///   neighbour or an exact tie, so that is an observation, not a guarantee.
///
/// `OPENBLAS_CORETYPE`, when set to a name, is the user's choice (OpenBLAS applied it when it
/// loaded) and is left alone, as is a CPU without AVX2 or FMA and a BLAS that is not OpenBLAS.
public enum BLASKernel {
    /// The kernel set pinned where the CPU allows it (OpenBLAS's name for it).
    static let pinned = "Haswell"

    /// Whether this CPU and its operating system run the pinned kernels (AVX2 and FMA).
    static var cpuRunsPinnedKernels: Bool { reval_cpu_supports_avx2_fma() != 0 }

    /// The BLAS the products run on, for provenance: "OpenBLAS 0.3.21, Haswell kernels" when
    /// `dsyrk_` is OpenBLAS's, else the library `dsyrk_` comes from (Debian lets BLAS and LAPACK
    /// point at different libraries, so OpenBLAS being loaded does not mean it does the products).
    public static var current: String? {
        _ = BLASSetup.done
        #if canImport(Glibc)
        let process = UnsafeMutableRawPointer(bitPattern: 0)
        guard let dsyrk = dlsym(process, "dsyrk_"), let file = library(of: dsyrk) else { return nil }
        guard file.lowercased().contains("openblas"), let config = text(of: "openblas_get_config") else { return file }
        // The configuration starts "OpenBLAS <version> ...".
        let version = config.split(separator: " ").prefix(2).joined(separator: " ")
        let kernels = openBLASKernels ?? "unknown"
        return "\(version), \(kernels) kernels"
        #else
        return nil
        #endif
    }

    /// The file of the library that holds `address`, links resolved (glibc's `dladdr`, looked up
    /// at run time: the Glibc module does not export it; its `Dl_info` is four pointers, the file
    /// name first).
    private static func library(of address: UnsafeMutableRawPointer) -> String? {
        #if canImport(Glibc)
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dladdr") else { return nil }
        var info: (UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?) = (nil, nil, nil, nil)
        let found = withUnsafeMutablePointer(to: &info) { info in
            unsafeBitCast(f, to: (@convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32).self)(address, info)
        }
        guard found != 0, let name = info.0 else { return nil }
        // The file itself, not the alternatives' symbolic link the loader opened (`libblas.so.3`).
        guard let resolved = realpath(name, nil) else { return String(cString: name) }
        defer { free(resolved) }
        return String(cString: resolved)
        #else
        return nil
        #endif
    }

    /// The kernel set OpenBLAS runs on (its `openblas_get_corename`), or nil without OpenBLAS.
    static var openBLASKernels: String? { text(of: "openblas_get_corename") }

    /// What the C function `symbol` of the process, taking nothing and giving a C string, returns;
    /// nil when no library loaded has it.
    private static func text(of symbol: String) -> String? {
        #if canImport(Glibc)
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { return nil }
        return unsafeBitCast(f, to: (@convention(c) () -> UnsafePointer<CChar>?).self)().map { String(cString: $0) }
        #else
        return nil
        #endif
    }

    /// Re-initialises OpenBLAS on the pinned kernels, through its own entry points
    /// (`gotoblas_dynamic_quit`, then `gotoblas_dynamic_init`, which reads
    /// `OPENBLAS_CORETYPE`: set for the call and removed after it). Called once, by
    /// `BLASSetup`, before any BLAS call. An empty `OPENBLAS_CORETYPE` names no kernels (OpenBLAS
    /// would fall back on its own choice), so it counts as unset.
    static func pin() {
        #if canImport(Glibc)
        let process = UnsafeMutableRawPointer(bitPattern: 0)
        let chosen = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) } ?? ""
        guard chosen.isEmpty, cpuRunsPinnedKernels,
              let quit = dlsym(process, "gotoblas_dynamic_quit"), let initialise = dlsym(process, "gotoblas_dynamic_init") else { return }
        typealias Entry = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", pinned, 1)
        unsafeBitCast(quit, to: Entry.self)()
        unsafeBitCast(initialise, to: Entry.self)()
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }
}
