import StatKit
import XCTest

/// A coded matrix written a block of rows at a time (`setCodedRows`, row after row): the switch
/// of a column to dense at its 257th distinct value, wherever it falls (the first block, a later
/// block, two columns in one row, two columns in one block in the opposite order of their
/// indices, a block of one row), keeps every value written, whatever the block size.
final class CodedRowsEdgeTests: XCTestCase {
    /// 1,000 rows × 8 columns.
    /// 0: intercept; 1: distinct from row 0 (dense at row 254, the first block);
    /// 2: 0 until row 600, then distinct (dense at row 854, a later block);
    /// 3 and 4: distinct from row 300 on, equal to each other (both dense at row 554, one row);
    /// 5: distinct from row 200 (dense at row 454, before columns 3 and 4: opposite index order);
    /// 6: few levels with -0.0, NaN and repeats; 7: exactly 256 levels (never dense).
    static let rowValues: [[Double]] = (0..<1_000).map { i in
        let d = Double(i) / 7
        return [1,
                d + 0.5,
                i < 600 ? 0 : d + 1000.25,
                i < 300 ? 1 : d + 2000.125,
                i < 300 ? 1 : d + 2000.125,
                i < 200 ? 0 : -d - 3.5,
                [0.0, -0.0, .nan, 1, 2.5, .infinity][i % 6],
                Double(i % 256) * 0.3]
    }
    static let dense = Matrix(rowMajor: rowValues)

    func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    func coded(block: Int, rows: [[Double]] = rowValues) -> Matrix {
        var m = Matrix(codedRows: rows.count, columns: rows[0].count)
        for first in stride(from: 0, to: rows.count, by: block) {
            m.setRows(from: first, rowMajor: Array(rows[first..<min(first + block, rows.count)].joined()))
        }
        return m
    }

    func testEveryBlockSizeKeepsEveryValue() {
        for block in [1, 2, 3, 7, 100, 254, 255, 256, 300, 555, 1_000] {
            let m = coded(block: block)
            XCTAssertTrue(m.isCoded)
            for j in 0..<8 { XCTAssertEqual(bits(m.column(j)), bits(Self.dense.column(j)), "block \(block), column \(j)") }
            XCTAssertEqual(bits(m.decoded().storage), bits(Self.dense.storage), "block \(block)")
        }
    }

    func testTheLayoutDoesNotDependOnTheBlockSize() {
        // The dense columns take their places in the order they overflow (row, then column):
        // the same matrix, `==` included, whatever the blocks (NaN left out: it is not == itself).
        let rows = Self.rowValues.map { r in r.map { $0.isNaN ? 7 : $0 } }
        let one = coded(block: 1, rows: rows)
        for block in [2, 7, 300, 1_000] { XCTAssertEqual(coded(block: block, rows: rows), one, "block \(block)") }
    }

    func testProductsReadTheDenseSwitchExactly() {
        let beta = [0.3, -1.25, 0.07, 2.5, -0.8, 0.11, 0, 0.5]
        let rows = (0..<1_000).filter { $0 % 6 != 2 && $0 % 6 != 5 } // column 6's NaN and infinity left out of the product
        for block in [1, 300, 1_000] {
            XCTAssertEqual(bits(coded(block: block).multiply(beta, atRows: rows)), bits(Self.dense.multiply(beta, atRows: rows)), "block \(block)")
        }
    }

    func testRowsWrittenTwiceKeepTheLastValues() {
        var m = coded(block: 300)
        let again = (0..<50).map { i in (0..<8).map { j in Double(i * 8 + j) + 0.125 } }
        m.setRows(from: 500, rowMajor: Array(again.joined()))
        var expected = Self.rowValues
        for i in 0..<50 { expected[500 + i] = again[i] }
        let d = Matrix(rowMajor: expected)
        for j in 0..<8 { XCTAssertEqual(bits(m.column(j)), bits(d.column(j)), "column \(j)") }
    }
}
