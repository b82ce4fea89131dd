@testable import Cohort
import Foundation
import TableKit
import XCTest

/// Issue #11 item 2: columns of the benefits export the user names are carried into the cohort
/// at inflow, read the same way by reval, R and pandas.
final class UserCovariateLinkageTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reval-cov-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func link(_ benefits: String, header extra: String, separator: String = ",", covariates: [String]) throws -> [CohortPerson] {
        try linkWithReport(benefits, header: extra, separator: separator, covariates: covariates).persons
    }

    private func linkWithReport(_ benefits: String, header extra: String, separator: String = ",", covariates: [String]) throws -> (persons: [CohortPerson], report: LinkageReport) {
        let header = ["person_id", "spell_start", "spell_end", "end_reason", "birth_date", "sex", "education", "household", "months_worked_24m"]
            .joined(separator: separator) + separator + extra + "\n"
        return try Linkage.link(benefits: try write(header + benefits), trajectories: try write("person_id,instrument,start_date,end_date,provider\n"),
                                options: LinkageOptions(cohortStart: CivilDate(year: 2011, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2011, month: 12, day: 31)!,
                                                        extractionDate: CivilDate(year: 2012, month: 6, day: 30)!, covariates: covariates))
    }

    func testValueIsTheOneOnTheCohortSpellsRowNotAnEarlierOrLaterOne() throws {
        let p = try link("A,2009-01-01,2009-06-30,,1980-05-05,M,MBO,single,3,Zuid\nA,2011-03-17,2011-06-01,werk,1980-05-05,M,MBO,single,3,Noord\n"
                         + "A,2011-10-01,,,1980-05-05,M,MBO,single,0,Oost\n", header: "Wijk", covariates: ["wijk"])
        XCTAssertEqual(p[0].covariates, [NamedCovariate(name: "wijk", value: "Noord")])
    }

    func testLinkageReportCountsPersonsMissingAtInflowAndWithDifferingRows() throws {
        let (_, r) = try linkWithReport("A,2009-01-01,2009-06-30,,1980-05-05,M,MBO,single,3,Zuid\nA,2011-03-17,,,1980-05-05,M,MBO,single,3,Noord\n"
                                        + "B,2011-04-01,,,1980-05-05,M,MBO,single,3,NA\nC,2011-05-01,,,1980-05-05,M,MBO,single,3,Oost\n",
                                        header: "district", covariates: ["district"])
        XCTAssertEqual(r.covariatesMissingAtInflow, ["district": 1])
        XCTAssertEqual(r.covariatesDifferingBetweenRows, ["district": 1])
    }

    func testTextsRAndPandasReadAsMissingAreMissing() throws {
        let rows = ["NA", "", "None", "n/a", "NULL", "Noord"].enumerated().map { "P\($0),2011-03-01,,,1980-05-05,M,MBO,single,3,\($1)\n" }.joined()
        let p = try link(rows, header: "district", covariates: ["district"])
        XCTAssertEqual(p.map { $0.covariates[0].value }.filter { $0 != nil }, ["Noord"])
        XCTAssertEqual(p.count, 6)
    }

    func testNumbersAreWrittenAsNumbersWhateverTheExportsNotation() throws {
        let p = try link("A;2011-03-01;;;1980-05-05;M;MBO;single;3;3,5;0546\nB;2011-04-01;;;1980-05-05;M;MBO;single;3;12;0547\n",
                         header: "Afstand tot werk (km);postcode", separator: ";", covariates: ["afstand tot werk km", "Postcode"])
        XCTAssertEqual(p.map { $0.covariates.map(\.name) }[0], ["afstand_tot_werk_km", "postcode"])
        XCTAssertEqual(p.map { $0.covariates[0].value }, ["3.5", "12"])
        // A leading zero makes a code, kept as written.
        XCTAssertEqual(p.map { $0.covariates[1].value }, ["0546", "0547"])
    }

    func testTrueAndFalseAreOneAndZeroAsRAndPandasReadThem() throws {
        let p = try link("A,2011-03-01,,,1980-05-05,M,MBO,single,3,TRUE\nB,2011-04-01,,,1980-05-05,M,MBO,single,3,false\n", header: "migration", covariates: ["migration"])
        XCTAssertEqual(p.map { $0.covariates[0].value }, ["1", "0"])
    }

    func testUnknownColumnIsAnErrorListingTheColumnsThatCanBeNamed() {
        XCTAssertThrowsError(try link("A,2011-03-01,,,1980-05-05,M,MBO,single,3,Noord\n", header: "district", covariates: ["distict"])) { e in
            XCTAssert("\(e)".contains("no column 'distict' to carry as a covariate (--covariates); columns that can be named: district"), "\(e)")
        }
    }

    func testAColumnRevalReadsItselfCannotBeNamed() {
        XCTAssertThrowsError(try link("A,2011-03-01,,,1980-05-05,M,MBO,single,3,Noord\n", header: "district", covariates: ["Household"])) { e in
            XCTAssert("\(e)".contains("one of the columns reval reads itself"), "\(e)")
        }
    }

    func testCohortFileCarriesTheCovariatesAndReadsThemBack() throws {
        let p = try link("A,2011-03-01,,,1980-05-05,M,MBO,single,3,\"Noord, oud\",4\nB,2011-04-01,,,1980-05-05,M,MBO,single,3,NA,\n",
                         header: "district,years_in_nl", covariates: ["district", "years_in_nl"])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString).csv").path
        try CohortFile.write(p, to: out)
        XCTAssert(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")[0].hasSuffix(",provider_placement_pps,covariate_district,covariate_years_in_nl"))
        XCTAssertEqual(try CohortFile.read(path: out), p)
        XCTAssertEqual(p[1].covariates, [NamedCovariate(name: "district", value: nil), NamedCovariate(name: "years_in_nl", value: nil)])
    }
}
