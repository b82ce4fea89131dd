@testable import Effects
import StatKit
import XCTest

/// Estimation on person-period rows (the dynamic design).
final class PersonPeriodEstimationTests: XCTestCase {
    /// Persons at two τ: x drives both treatment and a linear outcome with a constant effect of 2
    /// (plus noise when asked); every person's row repeated `copies` times, with the person as cluster.
    private func sample(noise: Double = 0, copies: Int = 1, clustered: Bool = true) -> (TreatmentSample, [Int]) {
        var g = SeededGenerator(seed: 11)
        func uniform() -> Double { Double(g.next() >> 11) * 0x1.0p-53 }
        var treated = [Bool](), y = [Double](), x = [Double](), taus = [Int](), clusters = [Int]()
        for i in 0..<400 {
            let xi = 10 * uniform(), t = uniform() < 1 / (1 + exp(2 - 0.3 * xi)), yi = 3 * xi + (t ? 2 : 0) + noise * (uniform() - 0.5)
            for _ in 0..<copies { treated.append(t); x.append(xi); y.append(yi); taus.append(1 + i % 2); clusters.append(i) }
        }
        var m = Matrix(rows: x.count, columns: 2)
        for (r, v) in x.enumerated() { m[r, 0] = 1; m[r, 1] = v }
        return (TreatmentSample(treated: treated, outcome: y, design: m, covariateNames: ["(Intercept)", "x"], clusters: clustered ? clusters : nil), taus)
    }

    func testBiasCorrectionRecoversALinearEffectExactlyDespiteImperfectMatches() throws {
        let (s, taus) = sample()
        let corrected = try DynamicMatching.estimate(s, taus: taus, propensity: try PropensityScore(s), options: EstimatorOptions(), biasAdjustment: true)
        let plain = try DynamicMatching.estimate(s, taus: taus, propensity: try PropensityScore(s), options: EstimatorOptions(), biasAdjustment: false)
        XCTAssertEqual(corrected.estimate, 2, accuracy: 1e-9)
        XCTAssertGreaterThan(abs(plain.estimate - 2), 1e-3)
    }

    /// The noisy sample matched without a caliper with 1 and 5 neighbours, and `body` given the
    /// caliper (in SDs) at `factor` times its widest pair, the match with it, and the one without.
    private func withCaliperAtWidestPair(times factor: Double,
                                         _ body: (Double, DynamicMatching.MatchedSets, DynamicMatching.MatchedSets) -> Void) throws {
        let (s, taus) = sample(noise: 4)
        let distance = try PropensityScore(s).scores
        for ratio in [1, 5] {
            var o = EstimatorOptions()
            o.ratio = ratio
            let none = DynamicMatching.match(s, taus: taus, distance: distance, options: o)
            XCTAssertGreaterThan(none.spread.widest, 0)
            o.caliper = none.spread.widest / none.spread.standardDeviation * factor
            body(o.caliper!, DynamicMatching.match(s, taus: taus, distance: distance, options: o), none)
        }
    }

    /// The sensitivity table reuses the headline for a caliper that keeps every pair the headline
    /// matched without one (`PairSpread`): such a caliper must give exactly those matched sets,
    /// with one neighbour (ties averaged) and with several (the walk out from the treated).
    func testACaliperThatKeepsEveryPairGivesTheMatchedSetsOfNoCaliper() throws {
        try withCaliperAtWidestPair(times: 1 + 1e-9) { caliper, wide, none in
            XCTAssertTrue(none.spread.keepsEveryPair(caliper: caliper))
            XCTAssertEqual(wide.sets, none.sets)
            XCTAssertEqual(wide.dropped, none.dropped)
        }
    }

    /// A caliper narrower than the headline's widest pair is seen to cut it, and does.
    func testACaliperNarrowerThanTheWidestPairIsSeenToChangeTheMatch() throws {
        try withCaliperAtWidestPair(times: 1 - 1e-6) { caliper, narrow, none in
            XCTAssertFalse(none.spread.keepsEveryPair(caliper: caliper))
            XCTAssertNotEqual(narrow.sets, none.sets)
        }
    }

    /// A person's rows are one unit of information: repeating every row with the person as
    /// cluster leaves the IPW standard error as it was; treating the copies as persons would shrink it by √2.
    func testRepeatedRowsOfOnePersonDoNotShrinkTheWeightingStandardError() throws {
        var o = EstimatorOptions()
        o.method = .ipw
        let once = try TreatmentEffectEstimator.estimate(sample(noise: 4).0, options: o)
        let twice = try TreatmentEffectEstimator.estimate(sample(noise: 4, copies: 2).0, options: o)
        let naive = try TreatmentEffectEstimator.estimate(sample(noise: 4, copies: 2, clustered: false).0, options: o)
        XCTAssertEqual(twice.estimate, once.estimate, accuracy: 1e-9)
        XCTAssertEqual(twice.standardError!, once.standardError!, accuracy: 1e-9)
        XCTAssertEqual(naive.standardError!, once.standardError! / 2.squareRoot(), accuracy: 1e-9)
    }

    /// Trimming drops the units whose score lies outside [trim, 1 − trim], and nothing else: the
    /// trimmed estimate (ATT and ATE, clustered) is the estimate on the kept units alone with their scores.
    func testTrimmedWeightingEqualsWeightingTheKeptUnitsAlone() throws {
        let s = sample(noise: 4, copies: 2).0
        let ps = try PropensityScore(s)
        let trim = 0.2
        let kept = s.treated.indices.filter { ps.scores[$0] >= trim && ps.scores[$0] <= 1 - trim }
        XCTAssert(kept.count < s.count - 20 && kept.count > s.count / 2, "the trim drops some units: \(kept.count) of \(s.count)")
        let alone = TreatmentSample(treated: kept.map { s.treated[$0] }, outcome: kept.map { s.outcome[$0] }, design: s.design.selectingRows(kept),
                                    covariateNames: s.covariateNames, clusters: kept.map { s.clusters![$0] })
        for estimand in [Estimand.att, .ate] {
            var o = EstimatorOptions()
            o.method = .ipw
            o.estimand = estimand
            var trimmed = o
            trimmed.trim = trim
            let a = try TreatmentEffectEstimator.estimate(s, options: trimmed, propensity: ps)
            let b = try TreatmentEffectEstimator.estimate(alone, options: o, propensity: ps.restricted(to: kept))
            XCTAssertEqual(a.estimate, b.estimate, "\(estimand)")
            XCTAssertEqual(a.standardError, b.standardError, "\(estimand)")
            XCTAssertEqual([a.nTreated, a.nControl, a.nControlsUsed], [b.nTreated, b.nControl, b.nControlsUsed], "\(estimand)")
            XCTAssert(a.warnings.contains { $0.contains("\(s.count - kept.count) units trimmed") }, "\(a.warnings)")
        }
    }

    /// A row's place in the match (group, τ, position in its τ's list) reads back as packed, at
    /// the extremes too: the walks in distance order read the groups and lists from it alone.
    func testARowsPlaceInTheMatchReadsBackAsPacked() {
        for treated in [false, true] {
            for tau in [0, 1, 36, 1 << 29] {
                for position in [0, 1, 2_700_000, 1 << 32 - 1] {
                    let place = DynamicMatching.Place.pack(treated: treated, tau: tau, position: position)
                    XCTAssertEqual([DynamicMatching.Place.isTreated(place) ? 1 : 0, DynamicMatching.Place.tau(place), DynamicMatching.Place.position(place)],
                                   [treated ? 1 : 0, tau, position])
                }
            }
        }
    }

    /// Common support is judged at each τ: a treated row beyond every control's score at its τ is counted.
    func testTreatedOutsideTheControlsScoresAtTheirTauAreCounted() throws {
        var x = [Double](), treated = [Bool](), taus = [Int]()
        for t in [1, 2] {
            for c in 0..<10 { x.append(Double(c)); treated.append(false); taus.append(t) }
            for v in [5.0, 20.0, 3.0] { x.append(v); treated.append(true); taus.append(t) }
        }
        var m = Matrix(rows: x.count, columns: 2)
        for (r, v) in x.enumerated() { m[r, 0] = 1; m[r, 1] = v }
        let s = TreatmentSample(treated: treated, outcome: x.map { $0 / 2 }, design: m, covariateNames: ["(Intercept)", "x"])
        let e = try DynamicMatching.estimate(s, taus: taus, propensity: try PropensityScore(s), options: EstimatorOptions(), biasAdjustment: false)
        XCTAssertEqual(e.nTreatedOutsideSupport, 2)
        XCTAssert(e.warnings.contains { $0.contains("2 treated outside the range of the controls' scores") }, "\(e.warnings)")
    }

    /// In a small subgroup cell a covariate can be constant among the treated (aliased with the
    /// intercept there): the group's outcome model drops it, as R's lm does, and the cell is still estimated.
    func testACovariateConstantAmongTheTreatedDoesNotStopTheEstimate() throws {
        let (base, taus) = sample(noise: 4)
        var m = Matrix(rows: base.count, columns: 3)
        for r in 0..<base.count {
            m[r, 0] = 1; m[r, 1] = base.design[r, 1]
            m[r, 2] = base.treated[r] ? 0.5 : Double(r % 2) // constant among the treated, inside the controls' range
        }
        let s = TreatmentSample(treated: base.treated, outcome: base.outcome, design: m, covariateNames: ["(Intercept)", "x", "z"], clusters: base.clusters)
        let e = try DynamicMatching.estimate(s, taus: taus, propensity: try PropensityScore(s), options: EstimatorOptions(), biasAdjustment: true)
        XCTAssertEqual(e.estimate, 2, accuracy: 1.5)
        XCTAssertFalse(e.warnings.contains { $0.contains("not bias-corrected") }, "\(e.warnings)")
    }
}
