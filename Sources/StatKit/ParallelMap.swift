import Synchronization

/// Runs independent pieces of work on all cores and returns their results in index order, so
/// a parallel run gives exactly what a serial one gives (each piece computes alone; only the
/// order of completion varies, and it is not seen). Work is handed out index by index, so put
/// the largest pieces first.
///
/// The body runs on several threads at once, so it is `@Sendable` and its results are
/// `Sendable`: the compiler checks that nothing it captures is shared mutable state.
///
/// Written here because the packages on the machine offer no ordered parallel map for
/// synchronous code, and Dispatch's `concurrentPerform` runs nested work on one thread
/// (`WorkSharing` says why that mattered).
public enum ParallelMap {
    public static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        // One slot per piece of work, each written once by the thread that ran it.
        let slots = Mutex([T?](repeating: nil, count: count))
        WorkSharing.shared.run(count) { i in
            let value = body(i)
            slots.withLock { $0[i] = value }
        }
        return slots.withLock { $0.map { $0! } }
    }

    /// As `run`, for work that can fail: the error of the lowest failing index is thrown (the
    /// same one a serial run would meet first).
    public static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        try run(count) { i in Result { try body(i) } }.map { try $0.get() }
    }
}

/// A thread-safe counter for progress messages of parallel work.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    /// Adds one and returns the new count.
    public func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
