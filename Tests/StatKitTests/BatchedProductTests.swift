import StatKit
import XCTest

/// Products and regressions for several vectors at once must give, for each vector, exactly (to
/// the bit) what it gets alone: the effect path estimates its months in batches, and its figures
/// must not depend on how the months were batched.
final class BatchedProductTests: XCTestCase {
    /// 3,001 rows × 7 columns of random values (an intercept first, a column of zeros last).
    let design: Matrix = {
        var g = SeededGenerator(seed: 5)
        let n = 3_001
        var columns = [[Double]](repeating: [Double](repeating: 1, count: n), count: 1)
        for _ in 1..<6 { columns.append((0..<n).map { _ in Double.random(in: -3..<3, using: &g) }) }
        columns.append([Double](repeating: 0, count: n))
        return Matrix(columns: columns)
    }()
    /// Rows scattered over the design, out of order and some twice, as a fit's rows lie in it.
    var scatteredRows: [Int] { (0..<1_700).map { ($0 * 7_919) % design.rows } + [12, 12, 2_999] }

    /// Vectors side by side, row-major: entry i of vector b at `[i * vectors.count + b]`.
    func sideBySide(_ vectors: [[Double]]) -> [Double] {
        (0..<vectors[0].count).flatMap { i in vectors.map { $0[i] } }
    }

    /// Vector b of a side-by-side array of `count` vectors.
    func vector(_ b: Int, of values: [Double], count: Int) -> [Double] {
        stride(from: b, to: values.count, by: count).map { values[$0] }
    }

    func randomVectors(_ count: Int, length: Int, seed: UInt64) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<length).map { _ in Double.random(in: -100..<100, using: &g) } }
    }

    func testProductsOfSeveralVectorsAtScatteredRowsAreEachProductAloneBitForBit() {
        // Coefficients with zeros: in one vector only, in all (the last column), and one vector all zero.
        var xs = randomVectors(4, length: design.columns, seed: 6)
        xs[1][2] = 0
        for b in xs.indices { xs[b][design.columns - 1] = 0 }
        xs[3] = [Double](repeating: 0, count: design.columns)
        let together = design.multiply(sideBySide(xs), vectors: xs.count, atRows: scatteredRows)
        for (b, x) in xs.enumerated() {
            XCTAssertEqual(vector(b, of: together, count: xs.count).map(\.bitPattern), design.multiply(x, atRows: scatteredRows).map(\.bitPattern))
        }
    }

    func testTransposedProductsOfSeveralVectorsAreEachProductAloneBitForBit() {
        let vs = randomVectors(5, length: scatteredRows.count, seed: 7)
        let together = design.transposeMultiply(sideBySide(vs), vectors: vs.count, atRows: scatteredRows)
        for (b, v) in vs.enumerated() {
            XCTAssertEqual(vector(b, of: together, count: vs.count).map(\.bitPattern), design.transposeMultiply(v, atRows: scatteredRows).map(\.bitPattern))
        }
    }

    /// Aᵀv is each column's sum over the rows in their order, term by term: the kernel sums four
    /// columns side by side (SIMD lanes), and that must change no sum — for every count of columns
    /// (a last four short of columns), coded or dense, one vector or several.
    func testTransposedProductIsEachColumnsSumInRowOrderBitForBit() {
        let coded = CodedMatrixTests.coded, rows = scatteredRows.map { $0 % coded.rows }
        for matrix in [design, coded] {
            for vectors in [1, 3] {
                let vs = randomVectors(vectors, length: rows.count, seed: 10)
                for columns in [[0], [1, 2], [0, 2, 4], [5, 4, 3, 2, 1], Array(0..<matrix.columns)] {
                    let product = matrix.transposeMultiply(sideBySide(vs), vectors: vectors, atRows: rows, columns: columns)
                    for (k, j) in columns.enumerated() {
                        for (b, v) in vs.enumerated() {
                            var sum = 0.0
                            for (i, r) in rows.enumerated() { sum += matrix[r, j] * v[i] }
                            XCTAssertEqual(product[k * vectors + b].bitPattern, sum.bitPattern, "column \(j) of \(columns), vector \(b)")
                        }
                    }
                }
            }
        }
    }

    /// Ax for one vector is each row's sum over the columns in their order, the zero coefficients
    /// skipped: the kernel for one vector adds a column into a block of rows at once, and that must
    /// change no sum.
    func testProductOfOneVectorIsEachRowsSumInColumnOrderBitForBit() {
        var x = randomVectors(1, length: design.columns, seed: 11)[0]
        x[2] = 0
        for matrix in [design, CodedMatrixTests.coded] {
            let rows = scatteredRows.map { $0 % matrix.rows }
            let product = matrix.multiply(x, atRows: rows)
            for (k, r) in rows.enumerated() {
                var sum = 0.0
                for j in 0..<matrix.columns where x[j] != 0 { sum += matrix[r, j] * x[j] }
                XCTAssertEqual(product[k].bitPattern, sum.bitPattern, "row \(r)")
            }
        }
    }

    func testAGatherIsTheMapOfThePositions() {
        let values = (0..<100).map { Double($0) * 1.5 }, positions = [99, 0, 3, 3, 50]
        XCTAssertEqual(values.gathered(at: positions), positions.map { values[$0] })
        XCTAssertEqual(values.gathered(at: []), [])
        XCTAssertEqual([true, false, true].gathered(at: [2, 1]), [true, false])
    }

    /// Every index in order gives the array itself; any other list of all the indices is gathered.
    func testGatheringEveryIndexInOrderGivesTheArrayAndOtherOrdersAreGathered() {
        let values = [3.5, -1, 0, 7]
        XCTAssertTrue([0, 1, 2, 3].isEveryIndex(below: 4))
        XCTAssertFalse([0, 2, 1, 3].isEveryIndex(below: 4))
        XCTAssertFalse([0, 1, 2].isEveryIndex(below: 4))
        XCTAssertEqual(values.gathered(at: [0, 1, 2, 3]), values)
        XCTAssertEqual(values.gathered(at: [3, 2, 1, 0]), [7, 0, -1, 3.5])
        XCTAssertEqual(values.gathered(at: [1, 1, 1, 1]), [-1, -1, -1, -1])
    }

    func testTransposedProductOnListedColumnsIsThoseEntriesOfTheFullProduct() {
        let v = randomVectors(1, length: scatteredRows.count, seed: 8)[0]
        let full = design.transposeMultiply(v, atRows: scatteredRows)
        XCTAssertEqual(design.transposeMultiply(v, atRows: scatteredRows, columns: [4, 0, 2]).map(\.bitPattern), [full[4], full[0], full[2]].map(\.bitPattern))
    }

    func testRegressionOfSeveralResponsesGivesEachResponsesFitAloneBitForBit() throws {
        // Weighted, on scattered rows, with the zero column aliased (its coefficient 0).
        let rows = Array(Set(scatteredRows)).sorted(), w = rows.map { 0.5 + Double($0 % 4) }
        let fit = try WeightedLinearFit(design: MatrixView(design, rows: rows), weights: w)
        var ys = randomVectors(3, length: rows.count, seed: 9)
        ys[2] = rows.map { 2 * design[$0, 1] - design[$0, 3] } // fitted exactly: coefficients with zeros
        let at = scatteredRows
        let coefficients = fit.coefficients(sideBySide(ys), responses: ys.count)
        let predictions = fit.predict(coefficients, responses: ys.count, atRows: at)
        for (b, y) in ys.enumerated() {
            let alone = fit.coefficients(y)
            XCTAssertEqual(vector(b, of: coefficients, count: ys.count).map(\.bitPattern), alone.map(\.bitPattern))
            XCTAssertEqual(vector(b, of: predictions, count: ys.count).map(\.bitPattern), fit.predict(alone, atRows: at).map(\.bitPattern))
        }
    }
}
