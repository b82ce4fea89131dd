#if canImport(Glibc)
import Glibc
#endif

/// Gives a large array's memory back to the system when it is freed.
///
/// Why: glibc's malloc serves a request of at least the "mmap threshold" with a mapping of its
/// own, unmapped on free, and smaller ones from its heaps, which keep freed memory for reuse.
/// The threshold starts at 128 KB but rises (up to 32 MB) each time such a mapping is freed,
/// so after the first few the arrays of a national estimate's cells (one to three million
/// rows: 8–24 MB) come from the heaps, and their freed space, scattered between live arrays,
/// stays resident: at 1,000,000 persons the peak resident memory was 2.9 GB for 2.4 GB in use.
/// A fixed threshold of 8 MB keeps such arrays mapped (2.5 GB resident) for about 3 % more CPU
/// (the kernel zeroes each new mapping). Measured with `MALLOC_MMAP_THRESHOLD_`, which
/// overrides this setting. Nothing else (and no figure) changes; elsewhere than glibc, nothing.
public enum LargeAllocations {
    /// Bytes from which an allocation is a mapping of its own.
    static let mappedFrom: Int32 = 8 << 20
    /// glibc's `M_MMAP_THRESHOLD` (malloc.h), which Swift's Glibc module does not export.
    static let mmapThresholdParameter: Int32 = -3

    /// Call once at start, before the large allocations. `mallopt` is looked up at run time, as
    /// `BLASSetup` looks up OpenBLAS: the Glibc module does not export malloc.h.
    public static func returnToTheSystemWhenFreed() {
        #if canImport(Glibc)
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil, let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(f, to: (@convention(c) (Int32, Int32) -> Int32).self)(mmapThresholdParameter, mappedFrom)
        #endif
    }
}
