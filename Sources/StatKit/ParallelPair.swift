import Synchronization

extension ParallelMap {
    /// Runs two different pieces of work at the same time and returns both results: `run` for
    /// work of two types (reading two files at once), without an enum to carry either.
    public static func pair<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        // Each slot written once, by the thread that ran its work.
        let first = Mutex<A?>(nil), second = Mutex<B?>(nil)
        WorkSharing.shared.run(2) { i in
            if i == 0 {
                let v = a()
                first.withLock { $0 = v }
            } else {
                let v = b()
                second.withLock { $0 = v }
            }
        }
        return (first.withLock { $0! }, second.withLock { $0! })
    }
}
