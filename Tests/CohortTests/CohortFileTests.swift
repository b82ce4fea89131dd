@testable import Cohort
import CohortSimulation
import Foundation
import TableKit
import XCTest

final class CohortFileTests: XCTestCase {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("reval-\(UUID().uuidString)-\(name)").path
    }

    /// A simulated cohort: long histories, every instrument column, censored and ended spells,
    /// a provider per instrument, with commas and quotes.
    private func simulatedCohort(persons: Int = 3000, providers: [String] = ["DZB, Re-integratie", "Werkfit \"Plus\" BV", "RL"]) throws -> [CohortPerson] {
        let out = Simulator.run(preset: .named("national")!, persons: persons, seed: 5)
        let benefits = temporaryPath("benefits.csv"), trajectories = temporaryPath("trajectories.csv")
        try out.benefitsCSV.write(to: URL(fileURLWithPath: benefits))
        try out.trajectoriesCSV.write(to: URL(fileURLWithPath: trajectories))
        let options = LinkageOptions(cohortStart: CivilDate(year: 2003, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2004, month: 12, day: 31)!,
                                     extractionDate: CivilDate(year: 2014, month: 12, day: 31)!)
        let persons = try Linkage.link(benefits: benefits, trajectories: trajectories, options: options).persons
        return persons.enumerated().map { k, p in
            CohortPerson(inflowDate: p.inflowDate, age: p.age, sex: p.sex, educationLevel: p.educationLevel, household: p.household,
                         monthsWorked24m: p.monthsWorked24m, earlierSpells: p.earlierSpells, followupMonths: p.followupMonths,
                         firstExitDays: p.firstExitDays, endReason: p.endReason, onBenefit: p.onBenefit, instrumentStarts: p.instrumentStarts,
                         firstTrajectoryDays: p.firstTrajectoryDays,
                         providers: Dictionary(uniqueKeysWithValues: p.instrumentStarts.keys.map { ($0, providers[(k + $0.rawValue.count) % providers.count]) }))
        }
    }

    private func column(_ name: String, of path: String) throws -> [String] {
        let csv = try CSVReader(path: path)
        let i = csv.header.firstIndex(of: name)!
        var values = [String]()
        try csv.forEachRecord { values.append($0[i]) }
        return values
    }

    func testWrittenCohortRoundTripsEveryPerson() throws {
        let persons = try simulatedCohort()
        XCTAssertGreaterThan(persons.count, 2000)
        XCTAssert(persons.contains { $0.firstExitDays == nil } && persons.contains { $0.endReason != nil } && persons.contains { $0.instrumentStarts.count > 1 })
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        XCTAssertEqual(try CohortFile.read(path: path), persons)
    }

    func testBenefitHistoryIsWrittenAsLettersAndDotsSoCSVReadersKeepItAsText() throws {
        let persons = try simulatedCohort(persons: 500)
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        let histories = try column("benefit_months", of: path)
        XCTAssertEqual(histories, persons.map { String($0.onBenefit.map { $0 ? "B" : "." }) })
        XCTAssertEqual(histories, persons.map { CohortFile.historyText($0.onBenefit) })
        // What R and pandas need to keep the column as text: no history is a number.
        XCTAssertFalse(histories.contains { Double($0) != nil })
        XCTAssert(histories.contains { $0.count > 100 && $0.contains(".") })
    }

    func testCohortFileOfTheOlderZeroOneFormIsStillRead() throws {
        let persons = try simulatedCohort(persons: 500)
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        let b = UInt8(ascii: "B"), dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")
        // Older files wrote 1 and 0: rewrite the history field (the one made of B and .) of every row.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let old = ([String(lines[0])] + lines.dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { field in
                let bytes = Array(field.utf8)
                guard !bytes.isEmpty, bytes.allSatisfy({ $0 == b || $0 == dot }), bytes[0] == b else { return String(field) }
                return String(decoding: bytes.map { $0 == b ? UInt8(ascii: "1") : UInt8(ascii: "0") }, as: UTF8.self)
            }.joined(separator: String(UnicodeScalar(comma)))
        }).joined(separator: "\n")
        XCTAssert(old.contains(",1111"))
        let oldPath = temporaryPath("old-cohort.csv")
        try Data(old.utf8).write(to: URL(fileURLWithPath: oldPath))
        XCTAssertEqual(try CohortFile.read(path: oldPath), persons)
    }

    func testEachInstrumentHasAProviderColumnInTheOrderOfItsStartColumn() throws {
        let persons = try simulatedCohort(persons: 500)
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        let header = try CSVReader(path: path).header
        let starts = header.filter { $0.hasPrefix("start_") }.map { $0.dropFirst("start_".count) }
        XCTAssertEqual(header.filter { $0.hasPrefix("provider_") }.map { $0.dropFirst("provider_".count) }, starts)
        XCTAssertEqual(header.firstIndex(of: "benefit_months")! + 1, header.firstIndex(of: "provider_\(starts[0])"))
        XCTAssertEqual(try column("provider_matching", of: path), persons.map { $0.providers[.matching] ?? "" }, "names as written, quotes undone")
    }

    func testCohortFileWithTheOlderSingleProviderColumnIsStillRead() throws {
        func person(_ starts: [Instrument: Int], providers: [Instrument: String] = [:]) -> CohortPerson {
            CohortPerson(inflowDate: CivilDate(year: 2011, month: 3, day: 17)!, age: 30, sex: .female, educationLevel: .mbo, household: .single,
                         monthsWorked24m: 3, earlierSpells: 0, followupMonths: 8, firstExitDays: nil, endReason: nil,
                         onBenefit: Array(repeating: true, count: 9), instrumentStarts: starts,
                         firstTrajectoryDays: starts.values.min().map { $0 * 31 }, providers: providers)
        }
        let persons = [person([.matching: 2, .schooling: 5]), person([.matching: 2, .schooling: 2]), person([:])]
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        // Older files: one `provider` (of the first trajectory) where the provider_<id> columns are now.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let kept = lines[0].indices.filter { !lines[0][$0].hasPrefix("provider_") }
        let old = zip(lines, ["provider", "\"DZB, Re-integratie\"", "RL", ""]).map { fields, provider in
            (kept.map { String(fields[$0]) } + [provider]).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let oldPath = temporaryPath("old-cohort.csv")
        try Data(old.utf8).write(to: URL(fileURLWithPath: oldPath))
        XCTAssertEqual(try CohortFile.read(path: oldPath).map(\.providers), [[.matching: "DZB, Re-integratie"], [:], [:]],
                       "the provider of the instrument that alone starts first; unknown when two start in that month")
    }

    func testACohortFileWithoutQuotesIsReadInTwoHalvesAndGivesEveryPersonInOrder() throws {
        let persons = try simulatedCohort(providers: ["RL", "DZB"])
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        XCTAssertEqual(try CSVReader(path: path).parts(2).count, 2)
        var last: ReadProgress?
        XCTAssertEqual(try CohortFile.read(path: path) { last = $0 }, persons)
        XCTAssertEqual(last?.records, persons.count)
        XCTAssertEqual(last?.fraction, 1)
    }

    func testABadRowInEitherHalfIsTheErrorAReadFromTheTopMeetsFirst() throws {
        let persons = try simulatedCohort(persons: 400, providers: ["RL"])
        let path = temporaryPath("cohort.csv")
        try CohortFile.write(persons, to: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ageColumn = lines[0].split(separator: ",").firstIndex(of: "age")!
        func spoil(_ line: Int) {
            var fields = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[ageColumn] = "x\(line)"
            lines[line - 1] = fields.joined(separator: ",")
        }
        let late = lines.count - 5, early = 3
        spoil(late)
        let badPath = temporaryPath("bad.csv")
        try lines.joined(separator: "\n").write(toFile: badPath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CohortFile.read(path: badPath)) { e in XCTAssert("\(e)".contains(":\(late): column 'age'"), "\(e)") }
        spoil(early)
        try lines.joined(separator: "\n").write(toFile: badPath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CohortFile.read(path: badPath)) { e in XCTAssert("\(e)".contains(":\(early): column 'age'"), "\(e)") }
    }

    func testBenefitHistoryMixingFormsOrOfTheWrongLengthIsAnErrorNamingLineAndColumn() throws {
        let p = CohortPerson(inflowDate: CivilDate(year: 2011, month: 3, day: 17)!, age: 30, sex: .female, educationLevel: .mbo, household: .single,
                             monthsWorked24m: 3, earlierSpells: 0, followupMonths: 3, firstExitDays: nil, endReason: nil,
                             onBenefit: [true, true, false, true], instrumentStarts: [:], firstTrajectoryDays: nil)
        let path = temporaryPath("cohort.csv")
        try CohortFile.write([p], to: path)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssert(good.contains(",BB.B,"))
        for bad in ["BB0B", "BB.", "BB.BB", "bb.b"] {
            let badPath = temporaryPath("bad.csv")
            try Data(good.replacingOccurrences(of: ",BB.B,", with: ",\(bad),").utf8).write(to: URL(fileURLWithPath: badPath))
            XCTAssertThrowsError(try CohortFile.read(path: badPath), bad) { e in
                XCTAssert("\(e)".contains(":2: column 'benefit_months'") && "\(e)".contains("(value '\(bad)')"), "\(e)")
            }
        }
    }

    func testNumbersAndCodesAreCheckedAsBefore() throws {
        let p = CohortPerson(inflowDate: CivilDate(year: 2011, month: 3, day: 17)!, age: 30, sex: .male, educationLevel: .mbo, household: nil,
                             monthsWorked24m: 3, earlierSpells: 0, followupMonths: 1, firstExitDays: 20, endReason: .work,
                             onBenefit: [true, false], instrumentStarts: [.matching: 0], firstTrajectoryDays: 3)
        let path = temporaryPath("cohort.csv")
        try CohortFile.write([p], to: path)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(try CohortFile.read(path: path), [p])
        for (from, to, message) in [(",30,", ",3x,", "column 'age': not a whole number"), (",M,", ",X,", "column 'sex': unknown code"),
                                    (",work,", ",werk,", nil)] {
            let badPath = temporaryPath("bad.csv")
            try Data(good.replacingOccurrences(of: from, with: to).utf8).write(to: URL(fileURLWithPath: badPath))
            if let message {
                XCTAssertThrowsError(try CohortFile.read(path: badPath)) { e in XCTAssert("\(e)".contains(message), "\(e)") }
            } else {
                XCTAssertEqual(try CohortFile.read(path: badPath), [p], "a Dutch spelling of a code is read as the code")
            }
        }
    }
}
