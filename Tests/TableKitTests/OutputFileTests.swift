import Foundation
import TableKit
import XCTest

final class OutputFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reval-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private var leftovers: [String] { (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] }

    func testPiecesAreWrittenInTheOrderTheyAreHandedOver() throws {
        let path = folder.appendingPathComponent("out.csv").path
        let pieces = (0..<200).map { k in [UInt8]("piece \(k) ".utf8) + [UInt8](repeating: UInt8(k % 256), count: k * 97) }
        try OutputFile.write(to: path) { emit in for p in pieces { try emit(p) } }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(pieces.joined()))
        XCTAssertEqual(leftovers, ["out.csv"])
    }

    func testAProducerThatFailsLeavesTheOldFileAndNoTemporaryOne() throws {
        struct Stop: Error {}
        let path = folder.appendingPathComponent("out.csv").path
        try OutputFile.write("old", to: path)
        XCTAssertThrowsError(try OutputFile.write(to: path) { emit in try emit(Array("new".utf8)); throw Stop() }) { XCTAssert($0 is Stop) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(leftovers, ["out.csv"])
    }

    func testAFolderThatDoesNotExistIsAnErrorNamingThePath() {
        let path = folder.appendingPathComponent("missing/out.csv").path
        XCTAssertThrowsError(try OutputFile.write(to: path) { emit in try emit([1, 2, 3]) }) { error in
            XCTAssertEqual((error as? InputError)?.file, path)
            XCTAssert("\(error)".contains("cannot write"), "\(error)")
        }
    }
}
