#if canImport(Glibc)
import Glibc
#endif

/// What is settled once, before the first BLAS or LAPACK call of the process: each wrapper
/// reads `done` first. With OpenBLAS behind Debian's `libblas.so.3` (what `scripts/setup`
/// installs), its kernels are pinned (`BLASKernel`) and each call keeps to the thread that
/// makes it; with the reference BLAS there is nothing to settle.
public enum BLASSetup {
    /// Settles it now. The command line calls this at start, while it runs on one thread:
    /// pinning the kernels sets an environment variable for a moment, which another thread
    /// reading its own would race with. (The first BLAS call settles it otherwise.)
    public static func now() { _ = done }

    static let done: Void = {
        BLASKernel.pin()
        oneThreadPerCall()
    }()

    /// Keeps each BLAS call on the thread that makes it.
    ///
    /// reval parallelises its own work (subgroup cells, outcome columns, bootstrap replicates)
    /// over the cores, and calls BLAS from each of those threads. A multi-threaded BLAS would
    /// start threads of its own inside each call: more threads than cores, and slower.
    /// OpenBLAS's single-threaded build is no answer either: it is not safe to call from several
    /// threads at once (in our runs it returned corrupt normal equations, and a propensity model
    /// failed at random). So we use the threaded build and ask it for one thread per call, which
    /// is safe from any number of callers and gives results that do not depend on the core
    /// count. The function is looked up at run time: the reference BLAS has no threads.
    private static func oneThreadPerCall() {
        #if canImport(Glibc)
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") {
            unsafeBitCast(f, to: (@convention(c) (Int32) -> Void).self)(1)
        }
        #endif
    }
}
