#if canImport(Glibc)
import Glibc
#endif

/// Keeps each BLAS call on the thread that makes it.
///
/// reval parallelises its own work (subgroup cells, outcome columns, bootstrap replicates)
/// over the cores, and calls BLAS from each of those threads. With OpenBLAS behind Debian's
/// `libblas.so.3` (what `scripts/setup` installs, for its much faster `dsyrk`/`dgemv`), a
/// multi-threaded BLAS would start threads of its own inside each call: more threads than
/// cores, and slower. OpenBLAS's single-threaded build is no answer either: it is not safe to
/// call from several threads at once (in our runs it returned corrupt normal equations, and a
/// propensity model failed at random). So we use the threaded build and ask it for one thread
/// per call, which is safe from any number of callers and gives results that do not depend on
/// the core count. The function is looked up at run time: with the reference BLAS (which has
/// no threads) there is nothing to set.
enum BLASThreads {
    /// Evaluated once, before the first BLAS or LAPACK call of the process (each wrapper reads it first).
    static let oneThreadPerCall: Void = {
        #if canImport(Glibc)
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") {
            unsafeBitCast(f, to: (@convention(c) (Int32) -> Void).self)(1)
        }
        #endif
    }()
}
