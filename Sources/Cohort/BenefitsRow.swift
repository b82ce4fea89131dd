import TableKit

extension BenefitsReader {
    /// Reads one row of the benefits export into a spell, with the row checks of `BenefitsReader`
    /// in a fixed order (the first one a row fails is the one reported). Holds the export's column
    /// positions and the coded columns' lookups, so a row costs no `String` but its person id.
    struct RowParser: Sendable {
        let person: Int
        private let start: Int, end: Int, worked: Int, birth: Int?, age: Int?
        private var sex: CodedField<Sex>, education: CodedField<EducationLevel>
        private var endReason: CodedField<EndReason>?, household: CodedField<Household>?
        private let extraction: CivilDate

        /// The required columns, in the order a missing one is reported.
        init(map: ColumnMap, extraction: CivilDate, codes: CodeBook) throws {
            person = try map.require("person_id")
            start = try map.require("spell_start")
            end = try map.require("spell_end")
            sex = CodedField(try map.require("sex"), codes: codes)
            education = CodedField(try map.require("education"), codes: codes)
            worked = try map.require("months_worked_24m")
            birth = map["birth_date"]
            age = map["age_at_start"]
            guard birth != nil || age != nil else {
                throw map.missing("birth_date", advice: "give birth_date (geboortedatum) or age_at_start (leeftijd)")
            }
            endReason = map["end_reason"].map { CodedField($0, codes: codes) }
            household = map["household"].map { CodedField($0, codes: codes) }
            self.extraction = extraction
        }

        mutating func parse(_ rec: CSVRecord) throws -> (spell: BenefitSpell, endsAfterExtraction: Bool) {
            if rec.isEmpty(person) { throw Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
            let s = try date(rec, start, required: true, extraction: extraction)!
            let (e, endsAfter) = try endDate(rec, end, start: s, extraction: extraction, what: "spell")
            var birthDate: CivilDate?, ageAtStart: Int?
            if let b = birth, !rec.isEmpty(b) {
                birthDate = try date(rec, b, required: true, extraction: extraction)
                if let years = birthDate?.wholeYears(to: s), years < 15 || years > 67 {
                    throw Problem(reason: .outOfRange, error: rec.error(column: b, "age at spell start would be \(years); expected 15-67"))
                }
            } else if let a = age, !rec.isEmpty(a) {
                guard let v = rec.wholeNumber(a), (15...67).contains(v) else {
                    throw Problem(reason: .outOfRange, error: rec.error(column: a, "age must be a whole number 15-67"))
                }
                ageAtStart = v
            } else {
                throw Problem(reason: .missingValue, error: rec.error(column: birth ?? age!, "missing birth date or age"))
            }
            if rec.isEmpty(worked) { throw Problem(reason: .missingValue, error: rec.error(column: worked, "missing value")) }
            guard let w = rec.wholeNumber(worked), (0...24).contains(w) else {
                throw Problem(reason: .outOfRange, error: rec.error(column: worked, "months worked in the 24 months before inflow must be a whole number 0-24"))
            }
            // A running spell has no end reason yet (a planned end may carry one).
            var reason = try endReason?.optional(rec)
            if endsAfter { reason = nil }
            let hh = try household?.optional(rec)
            return (BenefitSpell(personID: rec[person], start: s, end: e, endReason: reason, birthDate: birthDate, ageAtStart: ageAtStart,
                                 sex: try sex.required(rec), education: try education.required(rec), household: hh, monthsWorked24m: w,
                                 line: rec.line), endsAfter)
        }
    }
}
