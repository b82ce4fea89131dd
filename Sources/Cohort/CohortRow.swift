import TableKit

/// The rows of `cohort.csv`, written as bytes: a `String` per field (and a dictionary lookup per
/// instrument column) for 10⁶ persons × 40 fields cost seconds.
struct CohortRow {
    /// Persons whose rows one core builds before they are appended to the file (about 2 MB).
    static let batch = 8192

    let columns: [Instrument]
    private let columnOf: [Instrument: Int]
    var bytes = [UInt8]()
    /// Per instrument column, the current person's start month and provider.
    private var starts: [Int?], providers: [String?]

    init(columns: [Instrument]) {
        self.columns = columns
        columnOf = Dictionary(uniqueKeysWithValues: zip(columns, columns.indices))
        starts = Array(repeating: nil, count: columns.count)
        providers = Array(repeating: nil, count: columns.count)
    }

    /// An upper bound of the bytes of `p`'s row: at most 128 for the fixed columns (with 19 digits
    /// for earlier_spells), 8 per instrument column, the history, and its texts twice (quoted, quotes doubled) with quotes.
    static func maxBytes(_ p: CohortPerson, columns: Int) -> Int {
        128 + 8 * columns + p.onBenefit.count + p.providers.values.reduce(0) { $0 + 2 * $1.utf8.count + 2 }
            + p.covariates.reduce(0) { $0 + 2 * ($1.value?.utf8.count ?? 0) + 3 }
    }

    mutating func append(_ p: CohortPerson) {
        date(p.inflowDate); comma(); number(p.inflowDate.year); comma(); number(p.age); comma(); text(p.ageBand); comma()
        text(p.sex.rawValue); comma(); text(p.educationLevel.rawValue); comma(); text(p.education); comma()
        text(p.household?.rawValue); comma(); number(p.monthsWorked24m); comma(); flag(p.worked24m); comma()
        number(p.earlierSpells); comma(); flag(p.reentrant); comma(); number(p.followupMonths); comma()
        number(p.firstExitDays); comma(); number(p.firstExitMonth); comma(); text(p.endReason?.rawValue); comma()
        number(p.firstTrajectoryDays)
        // The person's few instruments to their columns, instead of a lookup per column.
        for k in columns.indices { starts[k] = nil; providers[k] = nil }
        for (i, m) in p.instrumentStarts { if let k = columnOf[i] { starts[k] = m } }
        for (i, name) in p.providers { if let k = columnOf[i] { providers[k] = name } }
        for m in starts { comma(); number(m) }
        comma()
        history(p.onBenefit)
        for name in providers { comma(); field(name) }
        for c in p.covariates { comma(); field(c.value) }
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    private mutating func flag(_ b: Bool) { bytes.append(b ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
    /// Nothing for nil (an empty field).
    private mutating func text(_ s: String?) {
        guard var s else { return }
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `benefit_months`: a mark per month, set where on benefit in a run of off-benefit marks.
    private mutating func history(_ onBenefit: [Bool]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(CohortFile.offBenefitMark, count: onBenefit.count))
        bytes.withUnsafeMutableBufferPointer { out in
            for (m, on) in onBenefit.enumerated() where on { out[start + m] = CohortFile.onBenefitMark }
        }
    }

    /// As `csvField` writes it; nothing for nil. A text without a comma, quote or line-break byte is
    /// written as it is without asking `csvField`, which walks the text's characters.
    private mutating func field(_ s: String?) {
        guard let s else { return }
        let plain = !s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        text(plain ? s : s.csvField)
    }

    /// As `String(v)` writes it; nothing for nil.
    private mutating func number(_ v: Int?) {
        guard let v else { return }
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(v.magnitude, width: 1)
    }

    /// `YYYY-MM-DD`, as `CivilDate.description` writes it.
    private mutating func date(_ d: CivilDate) {
        digits(UInt(d.year), width: 4); bytes.append(UInt8(ascii: "-"))
        digits(UInt(d.month), width: 2); bytes.append(UInt8(ascii: "-"))
        digits(UInt(d.day), width: 2)
    }

    /// The decimal digits of `v`, padded with zeros to `width`.
    private mutating func digits(_ v: UInt, width: Int) {
        var n = 1, t = v
        while t >= 10 { t /= 10; n += 1 }
        let end = bytes.count + max(n, width)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(n, width)))
        var i = end - 1, rest = v
        repeat {
            bytes[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            i -= 1
        } while rest > 0
    }
}
