import Dispatch
import Foundation

/// Runs independent pieces of work on all cores and returns their results in index order, so
/// a parallel run gives exactly what a serial one gives (each piece computes alone; only the
/// order of completion varies, and it is not seen). Work is handed out index by index, so put
/// the largest pieces first.
///
/// Written here because Dispatch's `concurrentPerform` returns nothing and the packages on the
/// machine offer no ordered parallel map for synchronous code.
public enum ParallelMap {
    public static func run<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        let results = ResultSlots<T>(count)
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, body(i)) }
        }
        return results.values()
    }

    /// As `run`, for work that can fail: the error of the lowest failing index is thrown (the
    /// same one a serial run would meet first).
    public static func run<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        try run(count) { i in Result { try body(i) } }.map { try $0.get() }
    }
}

/// One slot per piece of work, each written once by the thread that ran it.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(_ n: Int) { slots = [T?](repeating: nil, count: n) }
    func set(_ i: Int, _ v: T) { lock.lock(); slots[i] = v; lock.unlock() }
    func values() -> [T] { slots.map { $0! } }
}

/// A thread-safe counter for progress messages of parallel work.
public final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    public init() {}
    /// Adds one and returns the new count.
    public func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
