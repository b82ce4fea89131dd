import Foundation
import StatKit
import XCTest

final class StableOrderTests: XCTestCase {
    /// What `StableOrder.ascending` must give: the positions sorted by (value, position).
    private func byComparison(_ values: [Double]) -> [Int] {
        values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
    }

    func testAscendingIsTheOrderOfAStableSortOfThePositions() {
        var g = SeededGenerator(seed: 11)
        for n in [0, 1, 2, 3, 17, 1_000, 100_000] {
            // Scores in (0, 1), many of them equal (a tenth drawn from 50 values), and values of
            // both signs over many magnitudes: every 16-bit digit varies somewhere.
            let scores = (0..<n).map { _ in Double.random(in: 0..<10, using: &g) < 1 ? Double(Int.random(in: 1...50, using: &g)) / 51 : Double.random(in: 0..<1, using: &g) }
            let spread = (0..<n).map { _ in Double.random(in: -1..<1, using: &g) * pow(10, Double.random(in: -300..<300, using: &g)) }
            XCTAssertEqual(StableOrder.ascending(scores), byComparison(scores), "scores, n = \(n)")
            XCTAssertEqual(StableOrder.ascending(spread), byComparison(spread), "spread, n = \(n)")
        }
    }

    func testUnsignedKeysGetTheOrderOfAStableSortOfThePositions() {
        var g = SeededGenerator(seed: 12)
        for n in [0, 1, 2, 17, 100_000] {
            // Full 64-bit keys (every digit varies) with a tenth of them repeated: hashes with ties.
            var keys = (0..<n).map { _ in g.next() }
            for i in keys.indices where i > 0 && Double.random(in: 0..<10, using: &g) < 1 { keys[i] = keys[Int.random(in: 0..<i, using: &g)] }
            XCTAssertEqual(StableOrder.ascending(keys: keys), keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }, "n = \(n)")
        }
        XCTAssertEqual(StableOrder.ascending(keys: [.max, 0, 1 << 63, 0, .max - 1]), [1, 3, 2, 4, 0])
    }

    func testMinusZeroCountsAsZeroAndInfinitiesAtTheEnds() {
        let values: [Double] = [0, -0.0, 1, -.infinity, -0.0, .infinity, -1, 0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        XCTAssertEqual(StableOrder.ascending(values), byComparison(values))
        XCTAssertEqual(StableOrder.ascending(values), [3, 6, 9, 0, 1, 4, 7, 8, 2, 5])
    }

    func testNaNsComeAfterEveryNumberInPositionOrder() {
        XCTAssertEqual(StableOrder.ascending([.nan, 2, .infinity, .nan, 1]), [4, 1, 2, 0, 3])
    }
}
