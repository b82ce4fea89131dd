import TableKit
import XCTest

/// Issue #14: one lookup of required columns, with one error naming the file, the missing
/// column, the columns present and a near spelling among them.
final class RequiredColumnsTests: XCTestCase {
    func testColumnsAreFoundInTheHeaderOrder() throws {
        XCTAssertEqual(try RequiredColumns.indices(of: ["b", "a"], in: ["a", "b"], file: "f.csv"), [1, 0])
        XCTAssertEqual(try RequiredColumns.indices(of: ["B"], in: ["a", "b"], file: "f.csv", ignoringCase: true), [1])
        XCTAssertThrowsError(try RequiredColumns.indices(of: ["B"], in: ["a", "b"], file: "f.csv"))
    }

    func testAMissingColumnNamesFileColumnHeaderAndANearSpelling() {
        XCTAssertThrowsError(try RequiredColumns.indices(of: ["instrument", "status"], in: ["instrument", "stauts", "estimate"], file: "effects.csv")) { e in
            XCTAssertEqual("\(e)", "effects.csv:1: column 'status': no such column; the header has: instrument, stauts, estimate; did you mean 'stauts'?")
        }
    }

    func testAColumnOfManyNamesListsThemAndTheAdvice() {
        let e = RequiredColumns.missing("sex", header: ["person_id", "gesalcht"], file: "benefits.csv", acceptedNames: ["sex", "geslacht"], advice: "rename the column")
        XCTAssertEqual("\(e)", "benefits.csv:1: column 'sex': no such column (accepted names: sex, geslacht); the header has: person_id, gesalcht; did you mean 'gesalcht'? (rename the column)")
    }

    func testNoHintWithoutANearSpelling() {
        XCTAssertThrowsError(try RequiredColumns.indices(of: ["outcome"], in: ["x", "y"], file: "t.csv")) { e in
            XCTAssertEqual("\(e)", "t.csv:1: column 'outcome': no such column; the header has: x, y")
        }
    }
}
