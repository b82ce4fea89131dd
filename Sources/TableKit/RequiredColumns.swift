/// The one lookup of required columns in a CSV header, and its one error: the file, line 1,
/// the missing column, the names it may go by, the columns the header has, a near spelling
/// among them, and what to do:
/// `benefits.csv:1: column 'sex': no such column (accepted names: sex, geslacht); the header has: person_id, gesalcht; did you mean 'gesalcht'?`
public enum RequiredColumns {
    /// The position of each of `names` in `header` (exact spelling, or ignoring case where the
    /// reader has rejected headers that differ only in case), or the error for the first one missing.
    public static func indices(of names: [String], in header: [String], file: String, ignoringCase: Bool = false, advice: String? = nil) throws -> [Int] {
        try names.map { name in
            let found = ignoringCase ? header.firstIndex { $0.lowercased() == name.lowercased() } : header.firstIndex(of: name)
            guard let i = found else { throw missing(name, header: header, file: file, advice: advice) }
            return i
        }
    }

    /// The error for a required column missing from `header`; `acceptedNames` are the column's
    /// names (its canonical name first) where it goes by more than one, `advice` what to do about it.
    public static func missing(_ name: String, header: [String], file: String, acceptedNames: [String] = [], advice: String? = nil) -> InputError {
        var message = "no such column"
        if acceptedNames.count > 1 { message += " (accepted names: \(acceptedNames.joined(separator: ", ")))" }
        message += "; the header has: \(header.joined(separator: ", "))"
        let spellings = acceptedNames.isEmpty ? [name] : acceptedNames
        if let near = spellings.lazy.compactMap({ s in TextDistance.nearSpelling(of: s, among: header) }).first {
            message += "; did you mean '\(near)'?"
        }
        if let advice { message += " (\(advice))" }
        return InputError(file: file, line: 1, column: name, message: message)
    }
}
