import Foundation

/// The threads behind `ParallelMap`: the calling thread and one helper per further core, which
/// take pieces of whatever parallel work is open, nested work included.
///
/// Why not Dispatch's `concurrentPerform`, as before: it gives a nested call (parallel work inside
/// a piece of parallel work, such as a cell's outcome columns inside the cells) the calling thread
/// alone, even when the other cores have run out of work. At the end of each instrument of a
/// national estimate the last cell, and the next instrument's sample built beside it, then ran
/// on one core while the other idled: about 9 core-seconds of an estimate at 1,000,000 persons.
/// Here an idle helper takes a piece of any open work, oldest first (so the outer pieces, the
/// cells, still go first), and a caller that has handed out all its pieces helps with the
/// pieces of the work nested in them while it waits for them to finish. It never starts a piece of
/// other work: it holds its own pieces' results, and a second cell on top of them would add a
/// cell's memory and delay its own.
///
/// Results are not affected: each piece computes alone and `ParallelMap` puts the results in
/// index order, whichever thread ran them.
final class WorkSharing: @unchecked Sendable {
    static let shared = WorkSharing(helpers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// One call's pieces, handed out in index order. Every field is read and written under `lock`,
    /// except `piece`, which is set before the work is opened and cleared once every piece has
    /// finished (so that the caller's closure does not outlive the call).
    final class Work {
        let count: Int
        let parent: Work?
        var piece: ((Int) -> Void)?
        var next = 0
        var finished = 0

        init(count: Int, parent: Work?, piece: @escaping (Int) -> Void) {
            self.count = count
            self.parent = parent
            self.piece = piece
        }

        /// Whether this work is `other` or nested (at any depth) in one of its pieces.
        func isWithin(_ other: Work) -> Bool {
            var w: Work? = self
            while let x = w { if x === other { return true }; w = x.parent }
            return false
        }
    }

    private let lock = NSCondition()
    /// Work with pieces not yet handed out, oldest first.
    private var open = [Work]()
    private let helpers: Int
    private var started = false

    init(helpers: Int) { self.helpers = helpers }

    /// Runs `piece(0..<count)` on the calling thread and the helpers; returns when all have finished.
    func run(_ count: Int, _ piece: (Int) -> Void) {
        guard count > 1, helpers > 0 else { for i in 0..<count { piece(i) }; return }
        withoutActuallyEscaping(piece) { piece in
            let work = Work(count: count, parent: Self.current, piece: piece)
            lock.lock()
            startHelpersIfNeeded()
            open.append(work)
            lock.broadcast()
            // The caller's own pieces first, then, until the last is finished, pieces of work nested in them.
            takePieces(within: work) { work.finished == work.count }
            lock.unlock()
        }
    }

    /// The next piece of the oldest open work within `scope` (any, when nil), taken: under `lock`.
    private func claim(within scope: Work?) -> (Work, Int)? {
        guard let k = open.firstIndex(where: { scope == nil || $0.isWithin(scope!) }) else { return nil }
        let w = open[k], i = w.next
        w.next += 1
        if w.next == w.count { open.remove(at: k) }
        return (w, i)
    }

    /// Runs piece i of `w` with `w` as the thread's current work, then counts it finished.
    private func perform(_ w: Work, _ i: Int) {
        let outer = Self.current
        Self.current = w
        Self.call(w, i)
        Self.current = outer
        lock.lock()
        w.finished += 1
        if w.finished == w.count {
            w.piece = nil
            lock.broadcast()
        }
        lock.unlock()
    }

    /// Calls the piece in a function of its own, so that the reference to the closure it takes is
    /// released when the function returns, before the piece is counted finished: the caller's
    /// `withoutActuallyEscaping` checks that nothing holds the closure once its work is done.
    @inline(never)
    private static func call(_ w: Work, _ i: Int) { w.piece!(i) }

    /// Under `lock`.
    private func startHelpersIfNeeded() {
        guard !started else { return }
        started = true
        for _ in 0..<helpers {
            let t = Thread { [self] in helperLoop() }
            t.stackSize = Self.stackSize
            t.start()
        }
    }

    /// The helpers' stack: the process's stack limit, as a Dispatch worker or the main thread
    /// gets, so that a user who raised `ulimit -s` for a deep piece gets it on every thread; 8 MB
    /// when there is no limit.
    private static var stackSize: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_STACK.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max, limit.rlim_cur >= 1 << 20 else { return 8 << 20 }
        return Int(limit.rlim_cur)
    }

    /// A helper blocks the signals that are not about what the thread itself did (as Dispatch's
    /// workers do): a signal meant for the process, such as SIGTERM, is handled on a thread of the
    /// program's own (`TemporaryFiles` unlinks its files from any thread, but a handler need not).
    private static func blockProcessSignals() {
        var set = sigset_t()
        sigfillset(&set)
        for s in [SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGPIPE, SIGPROF] { sigdelset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private func helperLoop() {
        Self.blockProcessSignals()
        lock.lock()
        takePieces(within: nil) { false }
    }

    /// Under `lock`: runs pieces of the open work within `scope` (any, when nil), waiting while
    /// there is none, until `done()`.
    private func takePieces(within scope: Work?, until done: () -> Bool) {
        while !done() {
            if let (w, i) = claim(within: scope) {
                lock.unlock()
                perform(w, i)
                lock.lock()
            } else {
                lock.wait()
            }
        }
    }

    /// The work whose piece the current thread is running (nil outside parallel work).
    private static var current: Work? {
        get { pthread_getspecific(currentKey).map { Unmanaged<Work>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(currentKey, newValue.map { Unmanaged.passUnretained($0).toOpaque() }) }
    }

    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
