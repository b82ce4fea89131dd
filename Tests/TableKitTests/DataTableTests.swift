import Foundation
import TableKit
import XCTest

final class DataTableTests: XCTestCase {
    private func table(_ text: String, columns: [String]) throws -> DataTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reval-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try DataTable.read(path: url.path, columns: columns)
    }

    func testNumericAndCategoricalColumnsAreTypedByContent() throws {
        let t = try table("y,x,g\n1,0.5,a\n0,1.5,b\n", columns: ["y", "x", "g"])
        XCTAssertEqual(t["x"], .numeric([0.5, 1.5]))
        XCTAssertEqual(t["g"], .categorical(["a", "b"]))
    }

    func testMissingValueIsAnErrorNamingLineColumnAndValue() {
        XCTAssertThrowsError(try table("y,x\n1,2\n0,\n", columns: ["y", "x"])) { e in
            let message = "\(e)"
            XCTAssert(message.contains(":3: column 'x': missing value"), message)
            XCTAssert(message.contains("(value '')"), message)
        }
    }

    func testAStrayNonNumberInAColumnOfNumbersIsAnErrorNamingIt() {
        for stray in [".", "Inf", "1.234,5"] {
            XCTAssertThrowsError(try table("y,age\n1,37\n0,22\n1,\(stray.contains(",") ? "\"\(stray)\"" : stray)\n0,45\n", columns: ["y", "age"]), stray) { e in
                XCTAssert("\(e)".contains(":4: column 'age': not a number in a column of numbers; write a missing value as empty or NA (value '\(stray)')"), "\(e)")
            }
        }
    }

    func testAColumnOfMostlyTextStaysCategorical() throws {
        let t = try table("y,code\n1,A1\n0,B2\n1,7\n", columns: ["y", "code"])
        XCTAssertEqual(t["code"], .categorical(["A1", "B2", "7"]))
    }

    func testUnknownColumnListsTheHeader() {
        XCTAssertThrowsError(try table("y,x\n1,2\n", columns: ["z"])) { e in
            XCTAssert("\(e)".contains("column 'z': no such column; the header has: y, x"), "\(e)")
        }
    }

    func testCategoricalCovariateBecomesTreatmentCodedDummiesWithSortedReference() throws {
        let t = try table("race\nwhite\nblack\nhispan\nblack\n", columns: ["race"])
        let d = try DesignMatrix(table: t, covariates: ["race"])
        XCTAssertEqual(d.columnNames, ["(Intercept)", "racehispan", "racewhite"])
        XCTAssertEqual(d.matrix.column(1), [0, 0, 1, 0])
        XCTAssertEqual(d.matrix.column(2), [1, 0, 0, 0])
    }

    func testSingleLevelCategoricalCovariateIsAnError() throws {
        let t = try table("g\na\na\n", columns: ["g"])
        XCTAssertThrowsError(try DesignMatrix(table: t, covariates: ["g"]))
    }
}
