import TableKit

/// The rows of `cohort.csv`, written as bytes: a `String` per field (and a dictionary lookup per
/// instrument column) for 10⁶ persons × 40 fields cost seconds, and so did an array append's
/// checks per byte; rows are written into a buffer sized in advance instead.
struct CohortRow {
    /// Persons whose rows one core builds before they are appended to the file (about 2 MB).
    static let batch = 8192

    let columns: [Instrument]
    private let columnOf: [Instrument: Int]
    /// Per instrument column, the current person's start month and provider.
    private var starts: [Int?], providers: [String?]

    init(columns: [Instrument]) {
        self.columns = columns
        columnOf = Dictionary(uniqueKeysWithValues: zip(columns, columns.indices))
        starts = Array(repeating: nil, count: columns.count)
        providers = Array(repeating: nil, count: columns.count)
    }

    /// An upper bound of the bytes of `p`'s row: 20 for each of the 17 fixed columns (a whole
    /// number's most, more than any code's text) with its separator and the line end; 22 per
    /// instrument column (start and separators); the history; each text twice with quotes and
    /// separator (`csvField` doubles quotes).
    static func maxBytes(_ p: CohortPerson, columns: Int) -> Int {
        17 * 21 + 1 + 22 * columns + p.onBenefit.count + p.providers.values.reduce(0) { $0 + 2 * $1.utf8.count + 2 }
            + p.covariates.reduce(0) { $0 + 2 * ($1.value?.utf8.count ?? 0) + 3 }
    }

    /// `maxBytes` of `persons[range]` (by index: a slice's `reduce` copied each person).
    static func maxBytes(_ persons: [CohortPerson], _ range: Range<Int>, columns: Int) -> Int {
        var n = 0
        for i in range { n += maxBytes(persons[i], columns: columns) }
        return n
    }

    /// The rows of `persons[range]`.
    mutating func rows(of persons: [CohortPerson], _ range: Range<Int>) -> [UInt8] {
        let bound = Self.maxBytes(persons, range, columns: columns.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var out = ByteCursor(buffer)
            for i in range { append(persons[i], to: &out) }
            count = out.count
        }
    }

    private mutating func append(_ p: CohortPerson, to out: inout ByteCursor) {
        out.date(p.inflowDate); out.comma(); out.number(p.inflowDate.year); out.comma(); out.number(p.age); out.comma()
        out.text(p.ageBand); out.comma(); out.text(p.sex.rawValue); out.comma(); out.text(p.educationLevel.rawValue); out.comma()
        out.text(p.education); out.comma(); out.text(p.household?.rawValue); out.comma(); out.number(p.monthsWorked24m); out.comma()
        out.flag(p.worked24m); out.comma(); out.number(p.earlierSpells); out.comma(); out.flag(p.reentrant); out.comma()
        out.number(p.followupMonths); out.comma(); out.number(p.firstExitDays); out.comma(); out.number(p.firstExitMonth); out.comma()
        out.text(p.endReason?.rawValue); out.comma(); out.number(p.firstTrajectoryDays)
        // The person's few instruments to their columns, instead of a lookup per column.
        for k in columns.indices { starts[k] = nil; providers[k] = nil }
        for (i, m) in p.instrumentStarts { if let k = columnOf[i] { starts[k] = m } }
        for (i, name) in p.providers { if let k = columnOf[i] { providers[k] = name } }
        for m in starts { out.comma(); out.number(m) }
        out.comma()
        out.history(p.onBenefit)
        for name in providers { out.comma(); out.field(name) }
        for c in p.covariates { out.comma(); out.field(c.value) }
        out.byte(UInt8(ascii: "\n"))
    }
}

/// Bytes written one after another into a buffer sized in advance (`CohortRow.maxBytes`),
/// checking only that they fit: a wrong bound stops reval rather than write past the end.
private struct ByteCursor {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func byte(_ b: UInt8) {
        precondition(count < buffer.count, "a cohort row is longer than its bound")
        buffer[count] = b
        count += 1
    }

    mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        precondition(b.count <= buffer.count - count, "a cohort row is longer than its bound")
        if let from = b.baseAddress { (buffer.baseAddress! + count).update(from: from, count: b.count) }
        count += b.count
    }

    mutating func comma() { byte(UInt8(ascii: ",")) }
    mutating func flag(_ b: Bool) { byte(b ? UInt8(ascii: "1") : UInt8(ascii: "0")) }

    /// Nothing for nil (an empty field).
    mutating func text(_ s: String?) {
        guard var s else { return }
        s.withUTF8 { bytes($0) }
    }

    /// As `csvField` writes it; nothing for nil. A text without a comma, quote or line-break byte is
    /// written as it is without asking `csvField`, which walks the text's characters.
    mutating func field(_ s: String?) {
        guard let s else { return }
        let plain = !s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        text(plain ? s : s.csvField)
    }

    /// `benefit_months`: a mark per month.
    mutating func history(_ onBenefit: BenefitHistory) {
        precondition(onBenefit.count <= buffer.count - count, "a cohort row is longer than its bound")
        let out = buffer.baseAddress! + count
        for m in onBenefit.indices { out[m] = onBenefit[m] ? CohortFile.onBenefitMark : CohortFile.offBenefitMark }
        count += onBenefit.count
    }

    /// As `String(v)` writes it; nothing for nil.
    mutating func number(_ v: Int?) {
        guard let v else { return }
        if v < 0 { byte(UInt8(ascii: "-")) }
        digits(v.magnitude, width: 1)
    }

    /// `YYYY-MM-DD`, as `CivilDate.description` writes it.
    mutating func date(_ d: CivilDate) {
        digits(UInt(d.year), width: 4); byte(UInt8(ascii: "-"))
        digits(UInt(d.month), width: 2); byte(UInt8(ascii: "-"))
        digits(UInt(d.day), width: 2)
    }

    /// The decimal digits of `v`, padded with zeros to `width`.
    mutating func digits(_ v: UInt, width: Int) {
        var n = 1, t = v
        while t >= 10 { t /= 10; n += 1 }
        let length = max(n, width)
        precondition(length <= buffer.count - count, "a cohort row is longer than its bound")
        var i = count + length - 1, rest = v
        for _ in 0..<length {
            buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            i -= 1
        }
        count += length
    }
}
