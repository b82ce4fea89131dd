import Cohort
import Effects
import Foundation
import Reports
import XCTest

/// Issue #12 item 5: results by provider follow the usual disclosure rules — a provider with 1–9
/// participants is suppressed, and so is another cell, so the total does not give it away.
final class ProviderDisclosureTests: XCTestCase {
    func testASmallProvidersCountIsSuppressedWithAComplement() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = root.appendingPathComponent("Data/leiden-synthetic")
        let (linked, _) = try Linkage.link(benefits: example.appendingPathComponent("benefits.csv").path,
                                           trajectories: example.appendingPathComponent("trajectories.csv").path,
                                           options: LinkageOptions(cohortStart: CivilDate(year: 2010, month: 1, day: 1)!, cohortEnd: CivilDate(year: 2012, month: 12, day: 31)!,
                                                                   extractionDate: CivilDate(year: 2014, month: 6, day: 30)!))
        // Five participants of matching, chosen by content, go to a small provider.
        let small = Set(linked.indices.filter { linked[$0].instrumentStarts[.matching] != nil }
            .sorted { (linked[$0].inflowDate, linked[$0].age) < (linked[$1].inflowDate, linked[$1].age) }.prefix(5))
        let persons = linked.indices.map { i -> CohortPerson in
            let p = linked[i]
            return CohortPerson(inflowDate: p.inflowDate, age: p.age, sex: p.sex, educationLevel: p.educationLevel, household: p.household,
                                monthsWorked24m: p.monthsWorked24m, earlierSpells: p.earlierSpells, followupMonths: p.followupMonths,
                                firstExitDays: p.firstExitDays, endReason: p.endReason, onBenefit: p.onBenefit, instrumentStarts: p.instrumentStarts,
                                firstTrajectoryDays: p.firstTrajectoryDays, providers: small.contains(i) ? p.providers.merging([.matching: "Klein"]) { $1 } : p.providers)
        }
        var o = CohortEstimationOptions(instrument: .matching)
        o.horizons = [12]
        o.outcomes = [.outOfBenefit]
        o.dimensions = [.provider]
        o.effectPath = false
        o.sensitivity = false
        let r = try CohortEffectEstimator.estimate(persons, options: o)
        XCTAssertEqual(r.rows.map(\.subgroup), ["all", "Klein", "Re-integratie Leiden"])
        XCTAssertEqual(r.rows[1].status, "not_reported")
        XCTAssert((1...9).contains(r.rows[1].nTreated), "\(r.rows[1].nTreated)")
        let d = EstimateSummary.disclosed(r)
        XCTAssertFalse(d.isShown("rows[1].n_treated"))
        XCTAssertFalse(d.isShown("rows[0].n_treated") && d.isShown("rows[2].n_treated"), "the small provider's count is the total minus the other")
        let json = try JSONSerialization.jsonObject(with: Data(try EstimateSummary.json(r).utf8)) as! [String: Any]
        XCTAssert((json["rows"] as! [[String: Any]])[1]["n_treated"] is NSNull)
    }
}
