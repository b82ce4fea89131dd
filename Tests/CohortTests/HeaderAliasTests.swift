import Cohort
import Foundation
import XCTest

final class HeaderAliasTests: XCTestCase {
    func testTwoHeadersForTheSameColumnAreAnErrorNamingBoth() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("benefits-\(UUID().uuidString).csv")
        try Data("persoonsnummer;begindatum;spell_start;einddatum;geslacht;opleiding;maanden_gewerkt_24m;leeftijd\n1;2010-01-01;2010-02-01;;M;HAVO;3;30\n".utf8).write(to: url)
        var log = ExclusionLog(policy: .fail)
        XCTAssertThrowsError(try BenefitsReader.read(path: url.path, extractionDate: CivilDate(year: 2014, month: 6, day: 30)!, log: &log)) { e in
            XCTAssert("\(e)".contains(":1: column 'spell_start': columns 'begindatum' (column 2) and 'spell_start' (column 3) are both spell_start"), "\(e)")
        }
    }
}
