@testable import Effects
import StatKit
import XCTest

final class DistanceOrderTests: XCTestCase {
    /// Distances of which a third are shared with other rows (as rows with the same covariates
    /// at one τ share their score), and tie keys of which a few are shared too.
    private func rows(_ n: Int, seed: UInt64) -> (distance: [Double], tieKeys: [Double]) {
        var g = SeededGenerator(seed: seed)
        let distance = (0..<n).map { _ in Double.random(in: 0..<3, using: &g) < 1 ? Double(Int.random(in: 1...20, using: &g)) / 21 : Double.random(in: 0..<1, using: &g) }
        let tieKeys = (0..<n).map { _ in Double.random(in: 0..<10, using: &g) < 1 ? 0.5 : Double.random(in: 0..<1, using: &g) }
        return (distance, tieKeys)
    }

    func testRowsAreInOrderOfDistanceThenTieKeyThenPosition() {
        for n in [0, 1, 5, 5_000] {
            let (distance, tieKeys) = rows(n, seed: UInt64(n) + 1)
            let expected = distance.indices.sorted { (distance[$0], tieKeys[$0], $0) < (distance[$1], tieKeys[$1], $1) }
            let order = DistanceOrder(distance: distance, tieKeys: tieKeys)
            XCTAssertEqual(order.ascending, expected, "n = \(n)")
            XCTAssertEqual(order.ascendingByPosition, distance.indices.sorted { (distance[$0], $0) < (distance[$1], $1) }, "n = \(n)")
        }
    }

    func testARestrictedOrderIsTheOrderOfItsRowsSortedAgain() {
        let (distance, tieKeys) = rows(5_000, seed: 9)
        let subset = distance.indices.filter { $0 % 3 != 1 }
        let restricted = DistanceOrder(distance: distance, tieKeys: tieKeys).restricted(to: subset)
        let again = DistanceOrder(distance: subset.map { distance[$0] }, tieKeys: subset.map { tieKeys[$0] })
        XCTAssertEqual(restricted.ascending, again.ascending)
        XCTAssertEqual(restricted.descendingByDistance, again.descendingByDistance)
        XCTAssertEqual(restricted.ascendingByPosition, again.ascendingByPosition)
    }
}
