import TableKit

/// Columns that identify a person, and how an error message leaves them out: no person id and
/// no birth date leaves reval in any output. An error about an invalid birth date may name its
/// value (it is not a date anyone was born on, and the user needs it to find the typo); a valid
/// birth date (e.g. one giving an impossible age) and any person id are never echoed.
public enum PersonalData {
    static let identifyingColumns = ["person_id", "persoonsnummer", "bsn_pseudo", "clientnummer", "bsn"]
    static let birthDateColumns = ["birth_date", "geboortedatum"]

    /// `error` without the value of an identifying column.
    public static func redacted(_ error: InputError) -> InputError {
        guard let column = error.column, let value = error.value else { return error }
        let key = CodeNormalization.key(column)
        let isID = identifyingColumns.contains { CodeNormalization.key($0) == key }
        let isValidBirthDate = birthDateColumns.contains { CodeNormalization.key($0) == key } && CivilDate.parse(value) != nil
        guard isID || isValidBirthDate else { return error }
        return InputError(file: error.file, line: error.line, column: error.column, message: error.message + " (value withheld: personal data)")
    }
}
