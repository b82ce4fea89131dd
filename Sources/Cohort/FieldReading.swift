import TableKit

/// A coded column of an export (sex, education, instrument, …), each distinct text looked up
/// in the codes once (`DistinctFieldValues`) and then found by its bytes: a national export
/// repeats a handful of texts millions of times, and a `String` per field and a normalised
/// dictionary lookup per row were a large share of reading it.
struct CodedField<C: AliasedCode> {
    let column: Int
    private let codes: CodeBook
    private var values = DistinctFieldValues<C?>()

    init(_ column: Int, codes: CodeBook) {
        self.column = column
        self.codes = codes
    }

    /// The code of a field that must be given: a missing or unknown value is a `Problem`
    /// naming line, column and value.
    mutating func required(_ rec: CSVRecord) throws -> C {
        if rec.isEmpty(column) { throw Problem(reason: .missingValue, error: rec.error(column: column, "missing value")) }
        let codes = codes
        guard let c = values.value(of: rec, column, { codes.code($0, as: C.self) }) else {
            throw Problem(reason: .unknownCode, error: rec.error(column: column, codes.unknownCodeMessage(rec[column], as: C.self)))
        }
        return c
    }

    /// As `required`, but nil when the field is empty.
    mutating func optional(_ rec: CSVRecord) throws -> C? {
        rec.isEmpty(column) ? nil : try required(rec)
    }
}

extension CSVRecord {
    /// Field `i` as `Int(self[i])` reads it, without building the `String` when the field is
    /// only digits (with an optional sign), as nearly every field of a whole-number column is.
    func wholeNumber(_ i: Int) -> Int? {
        let plain: Int?? = withRawBytes(i) { raw in
            guard !raw.isEmpty, raw.count <= 18 else { return nil }
            var k = 0, negative = false
            if raw[0] == UInt8(ascii: "-") || raw[0] == UInt8(ascii: "+") { negative = raw[0] == UInt8(ascii: "-"); k = 1 }
            guard k < raw.count else { return nil }
            var v = 0
            while k < raw.count {
                let d = raw[k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
                k += 1
            }
            return .some(negative ? -v : v)
        }
        return plain ?? Int(self[i])
    }
}
