import StatKit
import XCTest

/// A view of some rows and columns of a design must give exactly (to the bit) what a copy of
/// those rows and columns gives: the cohort estimates of a large subgroup cell read the design in
/// place and must not depend on whether the cell was copied.
final class MatrixViewTests: XCTestCase {
    /// 5,000 rows (more than two of the 2,048-row blocks, and a tail not a multiple of 4) × 6
    /// columns: an intercept, three continuous covariates, a dummy and a column that is constant.
    let design: Matrix = {
        var g = SeededGenerator(seed: 11)
        let n = 5_003
        var columns = [[Double]](repeating: [], count: 6)
        for _ in 0..<n {
            let u = (0..<4).map { _ in Double.random(in: 0..<1, using: &g) }
            columns[0].append(1)
            columns[1].append(u[0] * 4 - 2)
            columns[2].append(u[1] * u[1] * 10)
            columns[3].append(u[2] - 0.5)
            columns[4].append(u[3] < 0.3 ? 1 : 0)
            columns[5].append(7)
        }
        return Matrix(columns: columns)
    }()
    /// Every third row but a few, in order, as a subgroup cell's rows lie in the sample.
    var cellRows: [Int] { (0..<design.rows).filter { $0 % 3 != 1 || $0 % 7 == 0 } }
    let keptColumns = [0, 1, 2, 3, 4]

    /// A view's column read in place (the base's reader at the view's rows) is the column of the copy.
    func testAViewsColumnReadInPlaceIsTheCopysColumn() {
        for view in [MatrixView(design, rows: cellRows, columns: keptColumns), MatrixView(design, columns: [4, 1])] {
            let copy = view.materialized()
            for j in 0..<view.columns {
                let read = view.withColumnReader(j) { reader, at in (0..<view.rows).map { reader[at?[$0] ?? $0] } }
                XCTAssertEqual(read.map(\.bitPattern), copy.column(j).map(\.bitPattern), "column \(j)")
            }
        }
    }

    func testSelectingRowsAndColumnsEqualsSelectingOneThenTheOther() {
        XCTAssertEqual(design.selecting(rows: cellRows, columns: keptColumns), design.selectingRows(cellRows).selectingColumns(keptColumns))
        XCTAssertEqual(design.selecting(rows: nil, columns: [4, 1]), design.selectingColumns([4, 1]))
    }

    func testRemovingColumnsInPlaceEqualsSelectingTheOthers() {
        var m = design
        m.removeColumns([2, 5])
        XCTAssertEqual(m, design.selectingColumns([0, 1, 3, 4]))
    }

    func testNormalEquationsOfAViewEqualThoseOfItsCopyExactly() {
        let view = MatrixView(design, rows: cellRows, columns: keptColumns), copy = view.materialized()
        let w = cellRows.map { 0.5 + Double($0 % 5) }, z = cellRows.map { Double($0 % 11) - 3 }
        let a = view.weightedNormalEquations(weights: w, response: z), b = copy.weightedNormalEquations(weights: w, response: z)
        XCTAssertEqual(a.gram, b.gram)
        XCTAssertEqual(a.rhs, b.rhs)
    }

    func testOnePassGramsOfAViewAreItsWeightedAndUnitWeightGramsExactly() {
        let view = MatrixView(design, rows: cellRows, columns: keptColumns), w = cellRows.map { 0.25 + Double($0 % 7) }
        let grams = view.weightedAndUnweightedGram(weights: w)
        let weighted = view.weightedNormalEquations(weights: w, response: nil).gram
        let unweighted = view.weightedNormalEquations(weights: [Double](repeating: 1, count: view.rows), response: nil).gram
        XCTAssertEqual(grams.weighted.storage.map(\.bitPattern), weighted.storage.map(\.bitPattern))
        XCTAssertEqual(grams.unweighted.storage.map(\.bitPattern), unweighted.storage.map(\.bitPattern))
    }

    func testLinearPredictorOfAViewEqualsThatOfItsCopyExactly() {
        let beta = [0.3, -1.25, 0.07, 2.5, -0.8]
        let view = MatrixView(design, rows: cellRows, columns: keptColumns)
        XCTAssertEqual(view.multiply(beta), view.materialized().multiply(beta))
        let columnsOnly = MatrixView(design, columns: keptColumns)
        XCTAssertEqual(columnsOnly.multiply(beta), design.selectingColumns(keptColumns).multiply(beta))
    }

    /// A product written into an array that held other values (NaN among them: a BLAS that scales
    /// y by β = 0 first would keep them) is the fresh product, bit for bit; so is one into an
    /// array of another length.
    func testAProductIntoAReusedArrayIsTheFreshProduct() {
        let view = MatrixView(design, rows: cellRows, columns: keptColumns)
        let beta = [0.3, -1.2, 0.05, 2.5, -0.7]
        let fresh = view.multiply(beta)
        var reused = [Double](repeating: .nan, count: view.rows)
        view.multiply(beta, into: &reused)
        XCTAssertEqual(reused.map(\.bitPattern), fresh.map(\.bitPattern))
        var shorter = [1.0, 2.0]
        view.multiply(beta, into: &shorter)
        XCTAssertEqual(shorter.map(\.bitPattern), fresh.map(\.bitPattern))
    }

    func testLogitOnAViewEqualsTheLogitOnItsCopy() throws {
        let rows = cellRows
        let y: [Double] = rows.map { r in
            let eta = -0.4 + 0.6 * design[r, 1] - 0.1 * design[r, 2] + design[r, 4]
            return Double((r * 2_654_435_761) % 1000) / 1000 < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        // The view keeps the constant column, which the fit must find aliased as on the copy.
        let columns = [0, 1, 2, 3, 4, 5], names = ["(Intercept)", "x1", "x2", "x3", "d", "constant"]
        let view = MatrixView(design, rows: rows, columns: columns)
        let a = try GeneralizedLinearModel.fit(x: view, y: y, columnNames: names, family: .binomial)
        let b = try GeneralizedLinearModel.fit(x: view.materialized(), y: y, columnNames: names, family: .binomial)
        XCTAssertEqual(a.aliasedColumns, ["constant"])
        XCTAssertEqual(a.aliasedColumns, b.aliasedColumns)
        XCTAssertEqual(a.coefficients.map(\.bitPattern), b.coefficients.map(\.bitPattern))
        XCTAssertEqual(a.fittedValues, b.fittedValues)
        XCTAssertEqual(a.iterations, b.iterations)
    }

    func testWeightedLinearFitOnAViewPredictsAsOnItsCopy() throws {
        let rows = Array(cellRows.prefix(3_000)), y = rows.map { design[$0, 1] * 2 + design[$0, 4] + Double($0 % 3) }
        let w = rows.map { 1 + Double($0 % 4) }
        let onView = try WeightedLinearFit(design: MatrixView(design, rows: rows, columns: keptColumns), weights: w)
        let copy = design.selecting(rows: nil, columns: keptColumns)
        let onCopy = try WeightedLinearFit(design: MatrixView(copy, rows: rows), weights: w)
        let at = Array(0..<50)
        XCTAssertEqual(onView.predict(onView.coefficients(y), atRows: at), onCopy.predict(onCopy.coefficients(y), atRows: at))
    }
}
