import Foundation
import TableKit

/// `cohort.csv`: one row per cohort person, written by `reval link` and read by
/// `describe` and `estimate`. It holds no person id; `benefit_months` is the benefit
/// history, one character per elapsed month 0…followup_months ("1" on benefit at the
/// start of the month, "0" not). Each instrument has a column `start_<id>`: the ten built-in
/// ones always, and any other a codes file introduced when someone in the cohort received it.
public enum CohortFile {
    static let fixedColumns = ["inflow_date", "inflow_year", "age", "age_band", "sex", "education_level", "education", "household",
                               "months_worked_24m", "worked_24m", "earlier_spells", "reentrant", "followup_months",
                               "first_exit_days", "first_exit_month", "end_reason", "first_trajectory_days"]
    static let instrumentPrefix = "start_"

    static func instruments(of persons: [CohortPerson]) -> [Instrument] {
        Instrument.builtInThen(persons.lazy.flatMap { $0.instrumentStarts.keys })
    }

    static func header(_ instruments: [Instrument]) -> [String] {
        fixedColumns + instruments.map { instrumentPrefix + $0.rawValue } + ["benefit_months"]
    }

    /// The provider of the first trajectory: written after the other columns, optional on reading.
    static let providerColumn = "provider"

    /// A free-text field, quoted (RFC 4180) when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public static func write(_ persons: [CohortPerson], to path: String) throws {
        // Built as bytes: a String per field for 10⁶ persons × 30 fields costs seconds.
        var out = [UInt8]()
        out.reserveCapacity(persons.count * 240)
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func put(_ v: Int?) { if let v { put(String(v)) } }
        let columns = instruments(of: persons)
        put((header(columns) + [providerColumn]).joined(separator: ",") + "\n")
        for p in persons {
            put(p.inflowDate.description); put(","); put(p.inflowDate.year); put(","); put(p.age); put(","); put(p.ageBand); put(",")
            put(p.sex.rawValue); put(","); put(p.educationLevel.rawValue); put(","); put(p.education); put(",")
            put(p.household?.rawValue ?? ""); put(","); put(p.monthsWorked24m); put(","); put(p.worked24m ? "1" : "0"); put(",")
            put(p.earlierSpells); put(","); put(p.reentrant ? "1" : "0"); put(","); put(p.followupMonths); put(",")
            put(p.firstExitDays); put(","); put(p.firstExitMonth); put(","); put(p.endReason?.rawValue ?? ""); put(",")
            put(p.firstTrajectoryDays)
            for i in columns { put(","); put(p.instrumentStarts[i]) }
            put(",")
            for b in p.onBenefit { out.append(b ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
            put(","); put(p.provider.map(field) ?? "")
            out.append(UInt8(ascii: "\n"))
        }
        try OutputFile.write(Data(out), to: path)
    }

    public static func read(path: String) throws -> [CohortPerson] {
        let csv = try CSVReader(path: path)
        var idx = [String: Int]()
        let instruments = csv.header.compactMap { h in
            h.hasPrefix(instrumentPrefix) ? Instrument(rawValue: String(h.dropFirst(instrumentPrefix.count))) : nil
        }
        for c in header(instruments) {
            guard let i = csv.header.firstIndex(of: c) else {
                throw InputError(file: path, line: 1, column: c, message: "missing column: is this a cohort file written by 'reval link'?")
            }
            idx[c] = i
        }
        let provider = csv.header.firstIndex(of: providerColumn)
        var persons = [CohortPerson]()
        try csv.forEachRecord { rec in
            func int(_ c: String, optional: Bool = false) throws -> Int? {
                let i = idx[c]!
                if rec.isEmpty(i) {
                    if optional { return nil }
                    throw rec.error(column: i, "missing value")
                }
                guard let v = Int(rec[i]) else { throw rec.error(column: i, "not a whole number") }
                return v
            }
            func code<C: AliasedCode>(_ c: String, _ t: C.Type) throws -> C? {
                let i = idx[c]!
                if rec.isEmpty(i) { return nil }
                guard let v = C.parse(rec[i]) else { throw rec.error(column: i, "unknown code") }
                return v
            }
            guard let inflow = CivilDate.parse(rec[idx["inflow_date"]!]) else { throw rec.error(column: idx["inflow_date"]!, "not a valid date") }
            let history = rec[idx["benefit_months"]!]
            let followup = try int("followup_months")!
            guard history.count == followup + 1, history.allSatisfy({ $0 == "0" || $0 == "1" }) else {
                throw rec.error(column: idx["benefit_months"]!, "benefit history must have followup_months + 1 characters of 0/1")
            }
            var starts = [Instrument: Int]()
            for i in instruments { if let m = try int("start_\(i.rawValue)", optional: true) { starts[i] = m } }
            guard let sex = try code("sex", Sex.self), let edu = try code("education_level", EducationLevel.self) else {
                throw rec.error(column: idx["sex"]!, "missing sex or education level")
            }
            persons.append(CohortPerson(
                inflowDate: inflow, age: try int("age")!, sex: sex, educationLevel: edu, household: try code("household", Household.self),
                monthsWorked24m: try int("months_worked_24m")!, earlierSpells: try int("earlier_spells")!, followupMonths: followup,
                firstExitDays: try int("first_exit_days", optional: true), endReason: try code("end_reason", EndReason.self),
                onBenefit: history.map { $0 == "1" }, instrumentStarts: starts, firstTrajectoryDays: try int("first_trajectory_days", optional: true),
                provider: provider.flatMap { rec.isEmpty($0) ? nil : rec[$0] }))
        }
        return persons
    }

    /// The instrument a user names (`--instrument`, `estimation.instruments`): a built-in one
    /// in any of its spellings, or one a codes file introduced that someone in the cohort received.
    public static func instrument(named name: String, in persons: [CohortPerson], option: String) throws -> Instrument {
        let trimmed = String(name.trimmingWhitespace())
        if let i = Instrument.parse(trimmed) { return i }
        let occurring = Set(persons.lazy.flatMap { $0.instrumentStarts.keys })
        if let i = Instrument(rawValue: trimmed), occurring.contains(i) { return i }
        throw InputError(file: option, value: name, message: "unknown instrument: neither built in nor received by anyone in the cohort (instruments: "
                         + instruments(of: persons).map(\.rawValue).joined(separator: ", ") + ")")
    }
}
