@testable import Effects
import Cohort
import XCTest

/// The treatment hazard tallied by chunks of persons numbers the covariate keys as one pass over
/// the persons numbers them (order of first appearance), for any number of persons (fewer than
/// the 8 chunks included).
final class TreatmentHazardTallyTests: XCTestCase {
    func testKeysAreNumberedAsOnePassNumbersThem() throws {
        let all = SimulatedCohort.link(.national, persons: 3_000, seed: 6).persons
        for n in [3, 7, 8, 9, 61, all.count] {
            let persons = Array(all.prefix(n))
            let design = try UserCovariateDesign(persons: persons, names: [], minimumLevel: 10)
            guard let hazard = try? TreatmentHazard(persons: persons, user: design) else { continue }
            let covariates = CovariatesAtInflow(years: Array(Set(persons.map { $0.inflowDate.year })).sorted())
            let user = design.categoricalOnly
            var number = [[Double]: Int32](), expected = [Int32]()
            for p in persons {
                let key = TreatmentHazard.personPart(p, covariates, user)
                let k = number[key] ?? Int32(number.count)
                number[key] = k
                expected.append(k)
            }
            XCTAssertEqual(hazard.personKey, expected, "\(n) persons")
            XCTAssertEqual(hazard.stay.count, number.count * TreatmentHazard.cells, "\(n) persons")
        }
    }
}
