/// Parsing of list-valued options ("2019,2020", "schooling=102,matching=561").
enum ListParsing {
    /// The items of a comma-separated list, trimmed; an empty list or an empty item is an error.
    static func items(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw CommandFailure(message: "--\(option): give at least one value") }
        guard !items.contains("") else { throw CommandFailure(message: "--\(option): empty item in '\(text)'") }
        return items
    }

    static func numbers(_ text: String, option: String) throws -> [Double] {
        try items(text, option: option).map { s in
            guard let v = Double(s), v.isFinite else {
                throw CommandFailure(message: "--\(option): '\(s)' is not a number (write 24729914, not 24.729.914)")
            }
            return v
        }
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try items(text, option: option).map { s in
            guard let v = Int(s) else { throw CommandFailure(message: "--\(option): '\(s)' is not a whole number") }
            return v
        }
    }

    /// "a=1,b=2" → [(a, 1), (b, 2)], order kept; counts are whole numbers of at least 0, each name once.
    static func counts(_ text: String, option: String) throws -> [(String, Int)] {
        var seen = Set<String>()
        return try items(text, option: option).map { pair in
            let kv = pair.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, let n = Int(kv[1]) else {
                throw CommandFailure(message: "--\(option): '\(pair)' is not name=count")
            }
            guard n >= 0 else { throw CommandFailure(message: "--\(option): count of '\(kv[0])' must be at least 0 (value '\(n)')") }
            guard seen.insert(kv[0]).inserted else { throw CommandFailure(message: "--\(option): '\(kv[0])' is given twice") }
            return (kv[0], n)
        }
    }
}
