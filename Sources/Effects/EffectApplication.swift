import Foundation

/// Turns an effect table and the number of people who received each instrument into
/// "extra people out of benefit after 2 and 8 years" and "benefit months saved"
/// (appendix B of Rekenkamercommissie Leiden 2015, `004`).
///
/// For instrument k with nₖ participants and effect eₖ (extra persons out of benefit per
/// 100 treated): extraₖ = nₖ · eₖ / 100; months savedₖ = nₖ · mₖ with mₖ the extra months
/// out of benefit per person. Totals add the instruments. In *composition* mode the
/// effect varies by subgroup cell g along one dimension: extraₖ = Σ_g nₖg · eₖg / 100.
///
/// Rounding follows the source: per-instrument figures are rounded to one decimal and
/// the totals are sums of the rounded figures (004: 3.1 + 62.3 = 65.4, although the
/// unrounded total 65.33 rounds to 65.3). Unrounded values are kept beside them.
///
/// Counting: a person who received two instruments counts once for each, and the
/// effects are added as if independent — as appendix B does. The output says so.
public struct EffectApplication: Sendable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// One average effect per instrument (the audit's method).
        case average
        /// Subgroup effects weighted by the subgroup composition of the participants.
        case composition
    }

    public let table: EffectTable
    public var shortHorizon = 24
    public var longHorizon = 96

    public init(table: EffectTable) {
        self.table = table
    }

    /// Average mode: `counts` maps instrument → participants.
    public func applyAverage(counts: [(instrument: String, count: Int)], monthlyBenefit: MonthlyBenefit) throws -> AppliedEffects {
        let results = try counts.map { c in
            try instrumentResult(instrument: c.instrument, cells: [("all", c.count)], dimension: "all")
        }
        return AppliedEffects(mode: .average, dimension: nil, instruments: results, monthlyBenefit: monthlyBenefit,
                              horizons: (shortHorizon, longHorizon))
    }

    /// Composition mode: `cells` maps instrument → (subgroup → participants) along `dimension`.
    public func applyComposition(dimension: String, cells: [(instrument: String, counts: [(subgroup: String, count: Int)])],
                                 monthlyBenefit: MonthlyBenefit) throws -> AppliedEffects {
        let dimensions = table.rows.map(\.dimension).filter { $0 != "all" }
        guard dimensions.contains(dimension) else {
            throw ApplicationError.unknownDimension(dimension, known: Array(Set(dimensions)).sorted(), file: table.file)
        }
        let results = try cells.map { c in
            try instrumentResult(instrument: c.instrument, cells: c.counts, dimension: dimension)
        }
        return AppliedEffects(mode: .composition, dimension: dimension, instruments: results, monthlyBenefit: monthlyBenefit,
                              horizons: (shortHorizon, longHorizon))
    }

    private func instrumentResult(instrument: String, cells: [(subgroup: String, count: Int)], dimension: String) throws -> InstrumentEffect {
        guard table.rows.contains(where: { $0.instrument == instrument }) else {
            let known = Array(Set(table.rows.map(\.instrument))).sorted()
            throw ApplicationError.unknownInstrument(instrument, known: known, file: table.file)
        }
        if let bad = cells.first(where: { $0.count < 0 }) {
            throw ApplicationError.negativeCount(instrument: instrument, subgroup: bad.subgroup, count: bad.count)
        }
        let short = combine(instrument, cells, dimension, .outOfBenefit, shortHorizon, perHundred: true)
        let long = combine(instrument, cells, dimension, .outOfBenefit, longHorizon, perHundred: true)
        let months = combine(instrument, cells, dimension, .monthsOutOfBenefit, longHorizon, perHundred: false)
        return InstrumentEffect(instrument: instrument, participants: cells.reduce(0) { $0 + $1.count },
                                extraOutOfBenefitShort: short, extraOutOfBenefitLong: long, benefitMonthsSaved: months)
    }

    /// Σ over cells of n_g · value_g (/100), with not-reported cells falling back to the
    /// instrument's average and listed.
    private func combine(_ instrument: String, _ cells: [(subgroup: String, count: Int)], _ dimension: String,
                         _ outcome: EffectOutcome, _ horizon: Int, perHundred: Bool) -> AppliedQuantity {
        let scale = perHundred ? 0.01 : 1.0
        let average = table.row(instrument: instrument, outcome: outcome, horizon: horizon)
        var total = 0.0, variance = 0.0
        var haveSE = true, available = true
        var details = [AppliedCell]()
        for cell in cells {
            let row = dimension == "all" ? average : table.row(instrument: instrument, dimension: dimension, subgroup: cell.subgroup,
                                                               outcome: outcome, horizon: horizon)
            var used = row
            var fellBack = false
            if row?.applicableValue == nil && dimension != "all" {
                used = average
                fellBack = true
            }
            guard let value = used?.applicableValue else {
                available = false
                details.append(AppliedCell(subgroup: cell.subgroup, participants: cell.count, effect: nil,
                                           status: row?.status.rawValue ?? "absent", fellBackToAverage: fellBack, source: row?.source))
                continue
            }
            let n = Double(cell.count)
            total += n * value * scale
            if let se = used!.standardError { variance += (n * scale * se) * (n * scale * se) } else { haveSE = false }
            details.append(AppliedCell(subgroup: cell.subgroup, participants: cell.count, effect: value,
                                       status: row?.status.rawValue ?? "absent", fellBackToAverage: fellBack,
                                       source: used!.source))
        }
        return AppliedQuantity(outcome: outcome.rawValue, horizonMonths: horizon, exact: available ? total : nil,
                               standardError: available && haveSE ? variance.squareRoot() : nil, cells: details)
    }
}

/// Why effects could not be applied.
public enum ApplicationError: Error, CustomStringConvertible, Equatable {
    case unknownInstrument(String, known: [String], file: String)
    case negativeCount(instrument: String, subgroup: String, count: Int)
    case unknownDimension(String, known: [String], file: String)

    public var description: String {
        switch self {
        case .unknownDimension(let d, let known, let file):
            return "\(file): no subgroups along dimension '\(d)'; the table has: \(known.joined(separator: ", "))"
        case .unknownInstrument(let i, let known, let file):
            return "\(file): no effects for instrument '\(i)'; the table has: \(known.joined(separator: ", "))"
        case .negativeCount(let i, let g, let n):
            return "count for \(i) (\(g)) must not be negative (value '\(n)')"
        }
    }
}
