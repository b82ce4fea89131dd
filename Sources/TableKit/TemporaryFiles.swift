#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary files `OutputFile` is writing, removed when the process is interrupted.
///
/// Why: an output is written under a temporary name beside its destination and renamed into
/// place at the end, so an interrupted run leaves the old file intact; but Ctrl-C (SIGINT),
/// SIGTERM or a closed terminal (SIGHUP) ended the process with the temporary file left behind,
/// a hidden file as large as the output (a quarter of a gigabyte for a national cohort). On the
/// first registration a handler for those signals is installed that removes every registered
/// file and then ends the process by the same signal, as it would have ended without it (a
/// signal the process was set to ignore stays ignored). The handler may only do what is
/// async-signal-safe: it reads a fixed table of C strings, filled and emptied under a lock by
/// the writers, and calls `unlink`, `signal` and `raise`.
enum TemporaryFiles {
    /// Files written at once, at most (reval writes one or two).
    static let capacity = 64
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()
    /// Guards the table's writers; true once the handlers are installed.
    private static let installed = Mutex(false)

    /// Registers `path` for removal on interruption; the slot to `unregister` (nil: the table is full, not registered).
    static func register(_ path: String) -> Int? {
        installed.withLock { installed in
            if !installed {
                for s in [SIGINT, SIGTERM, SIGHUP] {
                    // A signal the process ignores (`nohup`) stays ignored. (C function pointers
                    // are compared by address: Swift gives their type no `==`.)
                    let before = signal(s, removeAndRaise)
                    if unsafeBitCast(before, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(s, SIG_IGN) }
                }
                installed = true
            }
            guard let slot = (0..<capacity).first(where: { paths[$0] == nil }) else { return nil }
            paths[slot] = strdup(path)
            return slot
        }
    }

    /// The file of `slot` is renamed or removed: no longer the handler's to remove. Its path's
    /// copy is not freed: a handler that read the slot just before it was emptied still unlinks
    /// a valid path (gone by then, so nothing happens), where a freed one could name anything.
    /// A run writes a handful of outputs, so the copies kept are a few hundred bytes.
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        installed.withLock { _ in paths[slot] = nil }
    }
}

/// Removes the registered temporary files, then ends the process by `signal` with its default action.
private func removeAndRaise(_ s: Int32) {
    for slot in 0..<TemporaryFiles.capacity {
        if let path = TemporaryFiles.paths[slot] { unlink(path) }
    }
    signal(s, SIG_DFL)
    raise(s)
}
