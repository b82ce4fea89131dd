import Foundation
import TableKit
import XCTest

final class CSVReaderTests: XCTestCase {
    private func reader(_ text: String, file: String = "test.csv") throws -> CSVReader {
        try CSVReader(data: Data(text.utf8), file: file)
    }

    private func records(_ csv: CSVReader) throws -> [[String]] {
        var out = [[String]]()
        try csv.forEachRecord { r in out.append((0..<r.count).map { r[$0] }) }
        return out
    }

    /// Records and their line numbers read part by part, parts in order.
    private func recordsByParts(_ csv: CSVReader, _ count: Int) throws -> [(line: Int, fields: [String])] {
        var out = [(line: Int, fields: [String])]()
        for part in csv.parts(count) {
            try csv.forEachRecord(in: part, malformedRecord: { e, _ in throw e }) { r in out.append((r.line, (0..<r.count).map { r[$0] })) }
        }
        return out
    }

    func testPartsOfAFileHoldEveryRecordOnceWithItsLineNumber() throws {
        let text = "a,b\n" + (1...101).map { "\($0),x\($0)\n" + ($0 % 10 == 0 ? "\n" : "") }.joined()
        let csv = try reader(text)
        var whole = [(line: Int, fields: [String])]()
        try csv.forEachRecord { r in whole.append((r.line, (0..<r.count).map { r[$0] })) }
        for count in [1, 2, 3, 7] {
            XCTAssertEqual(csv.parts(count).count, count, "\(count) parts")
            let parts = try recordsByParts(csv, count)
            XCTAssertEqual(parts.map(\.line), whole.map(\.line), "\(count) parts")
            XCTAssertEqual(parts.map(\.fields), whole.map(\.fields), "\(count) parts")
        }
    }

    func testAFileWithQuotesOrCarriageReturnsIsOnePart() throws {
        XCTAssertEqual(try reader("a,b\n1,\"x\ny\"\n2,z\n3,w\n").parts(2).count, 1)
        XCTAssertEqual(try reader("a,b\r\n1,x\r\n2,z\r\n3,w\r\n").parts(2).count, 1)
        XCTAssertEqual(try reader("a,b\n1,x\n2,z\n3,w\n").parts(2).count, 2)
    }

    func testDetectsSemicolonDelimiter() throws {
        let csv = try reader("a;b;c\n1;2;3\n")
        XCTAssertEqual(csv.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(csv.header, ["a", "b", "c"])
        XCTAssertEqual(try records(csv), [["1", "2", "3"]])
    }

    func testDetectsTabDelimiter() throws {
        XCTAssertEqual(try reader("a\tb\n1\t2\n").delimiter, UInt8(ascii: "\t"))
    }

    func testQuotedFieldsKeepDelimitersQuotesAndNewlines() throws {
        let csv = try reader("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n")
        XCTAssertEqual(try records(csv), [["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", "x"]])
    }

    func testRecordLineNumbersCountEmbeddedNewlines() throws {
        let csv = try reader("id,note\n1,\"two\nlines\"\n2,x\n")
        var lines = [Int]()
        try csv.forEachRecord { lines.append($0.line) }
        XCTAssertEqual(lines, [2, 4])
    }

    func testCRLFLineEndsAreHandled() throws {
        XCTAssertEqual(try records(try reader("a,b\r\n1,2\r\n3,4\r\n")), [["1", "2"], ["3", "4"]])
    }

    func testUTF8ByteOrderMarkIsStrippedAndReported() throws {
        let csv = try CSVReader(data: Data([0xEF, 0xBB, 0xBF] + Array("naam,x\nJosé,1\n".utf8)), file: "bom.csv")
        XCTAssertEqual(csv.encoding, .utf8WithBOM)
        XCTAssertEqual(csv.header, ["naam", "x"])
        XCTAssertEqual(try records(csv), [["José", "1"]])
    }

    func testWindows1252IsDetectedAndDecoded() throws {
        // "Café;€ 5" in Windows-1252: é = 0xE9, € = 0x80.
        let bytes: [UInt8] = Array("naam;bedrag\nCaf".utf8) + [0xE9, UInt8(ascii: ";"), 0x80] + Array(" 5\n".utf8)
        let csv = try CSVReader(data: Data(bytes), file: "cp1252.csv")
        XCTAssertEqual(csv.encoding, .windows1252)
        XCTAssertEqual(try records(csv), [["Café", "€ 5"]])
    }

    func testDecimalCommaParsesInSemicolonFile() throws {
        let csv = try reader("x;y\n1,5;-2,25\n")
        var values = [Double?]()
        try csv.forEachRecord { values = [$0.number(0, decimalComma: true), $0.number(1, decimalComma: true)] }
        XCTAssertEqual(values, [1.5, -2.25])
    }

    func testThousandsSeparatorIsNotGuessed() throws {
        let csv = try reader("x;y\n1.234,5;2\n")
        var value: Double? = 0
        try csv.forEachRecord { value = $0.number(0, decimalComma: true) }
        XCTAssertNil(value)
    }

    func testEmptyFileIsAnError() {
        XCTAssertThrowsError(try reader("  \n", file: "empty.csv")) { e in
            XCTAssertEqual("\(e)", "empty.csv: file is empty")
        }
    }

    func testUnterminatedQuoteNamesTheLine() throws {
        let csv = try reader("a,b\n1,2\n3,\"oops\n4,5\n", file: "q.csv")
        XCTAssertThrowsError(try records(csv)) { e in
            XCTAssert("\(e)".hasPrefix("q.csv:3: unterminated quoted field"), "\(e)")
        }
    }

    func testWrongFieldCountNamesTheLine() throws {
        let csv = try reader("a,b\n1,2\n3\n", file: "n.csv")
        XCTAssertThrowsError(try records(csv)) { e in
            XCTAssertEqual("\(e)", "n.csv:3: record has 1 fields, header has 2")
        }
    }

    func testUTF16FileIsRejectedAsNotText() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x2C, 0x00, 0x62, 0x00]
        XCTAssertThrowsError(try CSVReader(data: Data(bytes), file: "u16.csv")) { e in
            XCTAssert("\(e)".contains("NUL bytes"), "\(e)")
        }
    }

    func testRandomBytesNeverCrashTheReader() {
        var state: UInt64 = 0x1234_5678
        for _ in 0..<2_000 {
            var bytes = [UInt8]()
            for _ in 0..<Int(state % 64) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let pick = Int(state >> 59) // 0...31: bias towards CSV syntax
                let alphabet: [UInt8] = Array("a1,;\t\"\r\n .-e".utf8) + [0xE9, 0x80, 0xC3, 0xFF]
                bytes.append(pick < alphabet.count ? alphabet[pick] : UInt8(truncatingIfNeeded: state >> 40))
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if let csv = try? CSVReader(data: Data(bytes), file: "fuzz.csv") {
                _ = try? csv.forEachRecord { r in for i in 0..<r.count { _ = r[i]; _ = r.number(i, decimalComma: true) } }
            }
        }
    }

    func testIntegerIsParsedFromTheBytesAndRejectsAnythingElse() throws {
        let csv = try reader("v\n42\n -7 \n+3\n\n1.5\n12a\n-\n99999999999999999999\n\"8\"\n")
        var values = [Int?]()
        try csv.forEachRecord { values.append($0.integer(0)) }
        XCTAssertEqual(values, [42, -7, 3, nil, nil, nil, nil, 8])
    }

    func testDistinctFieldValuesWorksOutEachTextOnceAndTellsQuotedFromPlain() throws {
        let csv = try reader("code\nM\nF\nM\n\"M \"\nF\n M\n")
        var cache = DistinctFieldValues<String>()
        var calls = [String](), values = [String]()
        try csv.forEachRecord { rec in values.append(cache.value(of: rec, 0) { calls.append($0); return $0.lowercased() }) }
        XCTAssertEqual(values, ["m", "f", "m", "m ", "f", "m"])
        XCTAssertEqual(calls, ["M", "F", "M ", "M"], "once per distinct text as written; a quoted text keeps its spaces")
        var small = DistinctFieldValues<String>(capacity: 1), smallCalls = 0
        try csv.forEachRecord { rec in _ = small.value(of: rec, 0) { smallCalls += 1; return $0 } }
        XCTAssertEqual(smallCalls, 5, "beyond its capacity a text is worked out each time")
    }

    func testReadProgressReportsRecordsAndBytesAndEndsAtTheWholeFile() throws {
        let n = ReadProgress.interval * 2 + 5
        let text = "v\n" + String(repeating: "1\n", count: n)
        var reports = [ReadProgress]()
        try reader(text).forEachRecord(progress: { reports.append($0) }) { _ in }
        XCTAssertEqual(reports.map(\.records), [ReadProgress.interval, 2 * ReadProgress.interval, n])
        XCTAssertEqual(reports.last?.bytesRead, text.utf8.count)
        XCTAssertEqual(reports.last?.fraction, 1)
        XCTAssert(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesRead < $1.bytesRead })
    }
}
