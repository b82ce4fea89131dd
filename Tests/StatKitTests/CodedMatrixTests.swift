import StatKit
import XCTest

/// A design whose columns are stored as codes (`Matrix(codedRows:columns:)`) must give, to the
/// bit, every figure the same design stored as doubles gives: the national estimates keep their
/// person-period design coded, and coding may change memory and speed, never a result.
final class CodedMatrixTests: XCTestCase {
    /// 5,003 rows × 7 columns: an intercept, a dummy, a count (0–36), an age-like value in tenths
    /// and its square, a column of 600 distinct values (more than a code can hold: it turns dense
    /// mid-way) and a constant.
    static let rowValues: [[Double]] = {
        var g = SeededGenerator(seed: 5)
        return (0..<5_003).map { i in
            let age = Double(Int.random(in: 18...67, using: &g) - 40) / 10
            return [1, Double.random(in: 0..<1, using: &g) < 0.3 ? 1 : 0, Double(Int.random(in: 0...36, using: &g)), age, age * age,
                    Double(i % 600) / 365.25, 7]
        }
    }()
    static let dense = Matrix(rowMajor: rowValues)

    /// The coded matrix, written in blocks of rows as `PersonPeriodSample.design` writes it.
    static let coded: Matrix = {
        var m = Matrix(codedRows: rowValues.count, columns: 7)
        for first in stride(from: 0, to: rowValues.count, by: 1_000) {
            m.setRows(from: first, rowMajor: Array(rowValues[first..<min(first + 1_000, rowValues.count)].joined()))
        }
        return m
    }()
    var rows: [Int] { (0..<Self.dense.rows).filter { $0 % 3 != 1 || $0 % 7 == 0 } }

    func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    func testCodedMatrixHoldsTheValuesWritten() {
        XCTAssertTrue(Self.coded.isCoded)
        XCTAssertEqual(Self.coded.decoded(), Self.dense)
        for j in 0..<7 { XCTAssertEqual(bits(Self.coded.column(j)), bits(Self.dense.column(j)), "column \(j)") }
        XCTAssertEqual(Self.coded[4_321, 5], Self.dense[4_321, 5])
    }

    /// The block-filling read gives each element times its factor, bit for bit, for every kind of
    /// column (dense, a dummy read from its codes, coded with a table), at listed rows and in order.
    func testGatherGivesEachElementTimesItsFactorExactly() {
        let factors = (0..<300).map { i in [1, -0.0, 2.5, -3, .infinity, 1e-300][i % 6] * Double(i % 7 + 1) }
        let listed = Array(stride(from: 4_000, to: 5_003, by: 3).prefix(300))
        for matrix in [Self.dense, Self.coded] {
            matrix.withColumnReaders { readers in
                for (j, reader) in readers.enumerated() {
                    var out = [Double](repeating: .nan, count: 300)
                    factors.withUnsafeBufferPointer { f in
                        out.withUnsafeMutableBufferPointer { o in reader.gather(300, from: 123, rows: nil, times: f.baseAddress!, into: o.baseAddress!) }
                    }
                    XCTAssertEqual(bits(out), bits((0..<300).map { reader[123 + $0] * factors[$0] }), "column \(j), rows in order")
                    listed.withUnsafeBufferPointer { at in
                        factors.withUnsafeBufferPointer { f in
                            out.withUnsafeMutableBufferPointer { o in reader.gather(200, from: 50, rows: at.baseAddress, times: f.baseAddress!, into: o.baseAddress!) }
                        }
                    }
                    XCTAssertEqual(bits(Array(out[..<200])), bits((0..<200).map { reader[listed[50 + $0]] * factors[$0] }), "column \(j), listed rows")
                }
            }
        }
    }

    func testProductsOfACodedMatrixEqualThoseOfTheDenseOneExactly() {
        let beta = [0.3, -1.25, 0.07, 2.5, -0.8, 0.11, 0.5]
        XCTAssertEqual(bits(Self.coded.multiply(beta)), bits(Self.dense.multiply(beta)))
        let two = beta.flatMap { [$0, -$0 / 3] }
        XCTAssertEqual(bits(Self.coded.multiply(two, vectors: 2, atRows: rows)), bits(Self.dense.multiply(two, vectors: 2, atRows: rows)))
        let v = rows.map { Double($0 % 13) - 6 }
        XCTAssertEqual(bits(Self.coded.transposeMultiply(v, atRows: rows, columns: [4, 0, 5])),
                       bits(Self.dense.transposeMultiply(v, atRows: rows, columns: [4, 0, 5])))
    }

    func testAMatrixOfCodesOnlyGivesTheDenseProducts() {
        // No column turns dense: the matrix keeps no doubles at all, and the products still read its codes.
        let values = Self.rowValues.map { r in [r[0], r[1], r[2], r[3], r[4], r[6]] }
        var coded = Matrix(codedRows: values.count, columns: 6)
        coded.setRows(from: 0, rowMajor: Array(values.joined()))
        let dense = Matrix(rowMajor: values), beta = [0.3, -1.25, 0.07, 2.5, -0.8, 0.5], v = rows.map { Double($0 % 13) - 6 }
        XCTAssertTrue(coded.storage.isEmpty)
        XCTAssertEqual(bits(coded.multiply(beta, atRows: rows)), bits(dense.multiply(beta, atRows: rows)))
        XCTAssertEqual(bits(coded.transposeMultiply(v, atRows: rows)), bits(dense.transposeMultiply(v, atRows: rows)))
        XCTAssertEqual(bits(coded.multiply(beta)), bits(dense.multiply(beta)))
    }

    func testNormalEquationsOfACodedMatrixEqualThoseOfTheDenseOneExactly() {
        let w = rows.map { 0.5 + Double($0 % 5) }, z = rows.map { Double($0 % 11) - 3 }
        let a = Self.coded.weightedNormalEquations(weights: w, response: z, rows: rows, columns: [0, 1, 2, 3, 5])
        let b = Self.dense.weightedNormalEquations(weights: w, response: z, rows: rows, columns: [0, 1, 2, 3, 5])
        XCTAssertEqual(bits(a.gram.storage), bits(b.gram.storage))
        XCTAssertEqual(bits(a.rhs), bits(b.rhs))
        let all = [Double](repeating: 1, count: Self.dense.rows)
        XCTAssertEqual(bits(Self.coded.weightedNormalEquations(weights: all, response: nil).gram.storage),
                       bits(Self.dense.weightedNormalEquations(weights: all, response: nil).gram.storage))
    }

    func testSelectingAndRemovingColumnsKeepTheValues() {
        let selected = Self.coded.selecting(rows: rows, columns: [5, 2, 0])
        XCTAssertTrue(selected.isCoded)
        XCTAssertEqual(selected.decoded(), Self.dense.selecting(rows: rows, columns: [5, 2, 0]))
        var coded = Self.coded, dense = Self.dense
        coded.removeColumns([1, 6])
        dense.removeColumns([1, 6])
        XCTAssertEqual(coded.decoded(), dense)
    }

    func testViewsOfACodedMatrixEqualViewsOfTheDenseOneExactly() {
        let columns = [0, 1, 2, 3, 4, 5]
        for rowList in [rows, nil] {
            let coded = MatrixView(Self.coded, rows: rowList, columns: columns), dense = MatrixView(Self.dense, rows: rowList, columns: columns)
            let beta = [0.2, 1, -0.03, 0.4, 0.1, -2]
            XCTAssertEqual(bits(coded.multiply(beta)), bits(dense.multiply(beta)))
            for j in columns { XCTAssertEqual(coded.withColumn(j) { Array($0) }, dense.withColumn(j) { Array($0) }) }
            XCTAssertEqual(coded.materialized(), dense.materialized())
        }
    }

    func testALogitOnACodedViewEqualsTheFitOnTheDenseOne() throws {
        let view = { (m: Matrix) in MatrixView(m, rows: self.rows, columns: [0, 1, 2, 3, 4]) }
        var g = SeededGenerator(seed: 9)
        let y = rows.map { r -> Double in
            let eta = -1 + 0.8 * Self.rowValues[r][1] + 0.03 * Self.rowValues[r][2] - 0.5 * Self.rowValues[r][3]
            return Double.random(in: 0..<1, using: &g) < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        let names = ["(Intercept)", "d", "count", "age", "age2"]
        let coded = try GeneralizedLinearModel.fit(x: view(Self.coded), y: y, columnNames: names, family: .binomial)
        let dense = try GeneralizedLinearModel.fit(x: view(Self.dense), y: y, columnNames: names, family: .binomial)
        XCTAssertEqual(bits(coded.coefficients), bits(dense.coefficients))
    }
}
