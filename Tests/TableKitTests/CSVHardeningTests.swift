import Foundation
import TableKit
import XCTest

/// Issue #12 item 8: the CSV reader never resolves an ambiguity silently.
final class CSVHardeningTests: XCTestCase {
    private func reader(_ bytes: [UInt8]) throws -> CSVReader { try CSVReader(data: Data(bytes), file: "export.csv") }
    private func reader(_ text: String) throws -> CSVReader { try reader(Array(text.utf8)) }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    func testAHeaderNamedTwiceIsAnErrorNamingBothColumns() {
        let m = message { try self.reader("id;Datum;x;datum\n1;2;3;4\n") }
        XCTAssert(m.contains("export.csv:1: column 'datum': the header names this column twice: 'Datum' (column 2) and 'datum' (column 4)"), m)
    }

    func testUTF8ByteOrderMarkFollowedByWindows1252BytesIsAnErrorNamingTheLine() {
        // "J\u{e9}rgen" in Windows-1252 (0xE9) after a UTF-8 BOM: decoding it as UTF-8 would make every such id the same.
        let m = message { try self.reader([0xEF, 0xBB, 0xBF] + Array("id,name\n1,a\n2,J".utf8) + [0xE9] + Array("rgen\n".utf8)) }
        XCTAssert(m.contains("export.csv:3: not valid UTF-8 (byte 0xE9) although the file starts with a UTF-8 byte-order mark"), m)
    }

    func testAFileMixingUTF8AndWindows1252IsAnError() {
        let m = message { try self.reader(Array("id,name\n1,Jos\u{e9}\n2,J".utf8) + [0xE9] + Array("rgen\n".utf8)) }
        XCTAssert(m.contains("export.csv:3: not valid UTF-8 (byte 0xE9), while line 2 is UTF-8: the file mixes encodings"), m)
    }

    func testPlainWindows1252IsStillRead() throws {
        let r = try reader(Array("id,name\n1,J".utf8) + [0xE9] + Array("rgen\n".utf8))
        XCTAssertEqual(r.encoding, .windows1252)
    }

    /// Bytes with UTF-8's shape but no UTF-8 meaning (an encoded surrogate, an overlong form, a
    /// code point past U+10FFFF) are not UTF-8: read as UTF-8 they would all decode to U+FFFD,
    /// and ids differing only there would merge. Each file is read as Windows-1252 (its ids kept
    /// apart) or refused, never as UTF-8.
    func testSurrogatesOverlongFormsAndCodePointsPastTheLastAreNotUTF8() throws {
        for (first, second) in [([0xED, 0xA0, 0x80], [0xED, 0xA0, 0x81]), ([0xE0, 0x80, 0x80], [0xE0, 0x80, 0x81]),
                                ([0xF0, 0x80, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x81]), ([0xF4, 0x90, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x81])] as [([UInt8], [UInt8])] {
            let bytes = Array("id,x\nA".utf8) + first + Array(",1\nA".utf8) + second + Array(",2\n".utf8)
            do {
                let r = try reader(bytes)
                XCTAssertEqual(r.encoding, .windows1252, "\(first)")
                var ids = [String]()
                try r.forEachRecord { ids.append($0[0]) }
                XCTAssertEqual(Set(ids).count, 2, "\(first): the two ids stay apart")
            } catch {
                XCTAssert("\(error)".contains("neither UTF-8 nor Windows-1252"), "\(first): \(error)")
            }
        }
        // Their neighbours that are UTF-8 still are.
        XCTAssertEqual(try reader(Array("id\n".utf8) + [0xE0, 0xA0, 0x80, 0x0A, 0xED, 0x9F, 0xBF, 0x0A, 0xF0, 0x90, 0x80, 0x80, 0x0A, 0xF4, 0x8F, 0xBF, 0xBF, 0x0A]).encoding, .utf8)
    }

    func testControlCharactersInAnEchoedValueAreEscaped() {
        let e = InputError(file: "export.csv", line: 2, column: "id", value: "a\u{1B}[31mb\u{7}", message: "bad")
        XCTAssertEqual(e.description, "export.csv:2: column 'id': bad (value 'a\\x1b[31mb\\x07')")
    }
}

/// Generic mode: missing numeric values are left out and counted, or an error.
final class MissingValueTests: XCTestCase {
    private func table(_ text: String, _ policy: MissingValuePolicy) throws -> DataTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reval-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try DataTable.read(path: url.path, columns: ["y", "x"], missing: policy)
    }

    func testMissingMarkersDoNotTurnANumericColumnIntoAFactor() throws {
        let t = try table("y,x,unused\n1,0.5,\n0,n/a,a\n1,NaN,b\n0,NA,c\n1,,d\n0,2.5,e\n", .drop)
        XCTAssertEqual(t["x"], .numeric([0.5, 2.5]))
        XCTAssertEqual(t.rowsDroppedMissing, 4)
        XCTAssertEqual(t.lines, [2, 7])
    }

    func testMissingValueIsAnErrorWithPolicyFail() {
        XCTAssertThrowsError(try table("y,x\n1,2\n0,N/A\n", .fail)) { e in
            XCTAssert("\(e)".contains(":3: column 'x': missing value"), "\(e)")
        }
    }
}
