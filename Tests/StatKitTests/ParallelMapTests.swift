@testable import StatKit
import Foundation
import Synchronization
import XCTest

/// `ParallelMap` on the shared threads (`WorkSharing`): results in index order, nested work
/// included, and nested work shared out once the outer work has none left.
final class ParallelMapTests: XCTestCase {
    /// Three levels of nested parallel work give what the serial loops give, in index order.
    func testNestedWorkGivesTheSerialResultsInIndexOrder() {
        @Sendable func leaf(_ i: Int, _ j: Int, _ k: Int) -> Int { (i * 31 + j) * 17 + k * k }
        let parallel = ParallelMap.run(5) { i in ParallelMap.run(4) { j in ParallelMap.run(7) { k in leaf(i, j, k) } } }
        let serial = (0..<5).map { i in (0..<4).map { j in (0..<7).map { k in leaf(i, j, k) } } }
        XCTAssertEqual(parallel, serial)
    }

    /// The lowest failing index's error is the one thrown, as in a serial run.
    func testTheLowestFailingPieceGivesTheError() {
        struct Failure: Error, Equatable { let index: Int }
        XCTAssertThrowsError(try ParallelMap.run(12) { i -> Int in
            if i == 3 || i == 9 { throw Failure(index: i) }
            return i
        }) { XCTAssertEqual($0 as? Failure, Failure(index: 3)) }
    }

    /// When the outer work's only other piece ends at once, the thread that ran it helps with the
    /// work nested in the remaining piece instead of idling (Dispatch ran that nested work on
    /// one thread). Needs a second core.
    func testAThreadWithoutOuterWorkHelpsWithNestedWork() throws {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { throw XCTSkip("one core: nothing to share") }
        let threads = Mutex(Set<UInt>())
        _ = ParallelMap.run(2) { i -> Int in
            guard i == 1 else { return 0 }
            return ParallelMap.run(64) { k -> Int in
                usleep(2_000)
                threads.withLock { _ = $0.insert(UInt(pthread_self())) }
                return k
            }.count
        }
        XCTAssertGreaterThan(threads.withLock { $0.count }, 1)
    }

    /// A helper thread blocks signals meant for the process (SIGTERM, SIGINT), as Dispatch's
    /// workers did, so that their handlers run on a thread of the program's own. Needs a second core.
    func testHelperThreadsBlockTheProcessesSignals() throws {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { throw XCTSkip("one core: no helpers") }
        let caller = UInt(pthread_self())
        let seen = ParallelMap.run(16) { _ -> (thread: UInt, blocksTERM: Bool, blocksINT: Bool) in
            usleep(2_000)
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            return (UInt(pthread_self()), sigismember(&mask, SIGTERM) == 1, sigismember(&mask, SIGINT) == 1)
        }
        let helpers = seen.filter { $0.thread != caller }
        XCTAssertFalse(helpers.isEmpty)
        XCTAssert(helpers.allSatisfy { $0.blocksTERM && $0.blocksINT })
    }

    /// Work with no or one piece runs on the calling thread.
    func testEmptyAndSingleWorkRunOnTheCallingThread() {
        XCTAssertEqual(ParallelMap.run(0) { $0 }, [])
        let caller = UInt(pthread_self())
        XCTAssertEqual(ParallelMap.run(1) { _ in UInt(pthread_self()) }, [caller])
    }
}
