/// Parsing of list-valued options ("2019,2020", "schooling=102,matching=561").
enum ListParsing {
    static func numbers(_ text: String, option: String) throws -> [Double] {
        try text.split(separator: ",").map { item in
            let s = item.trimmingCharacters(in: .whitespaces)
            guard let v = Double(s), v.isFinite else {
                throw CommandFailure(message: "--\(option): '\(s)' is not a number (write 24729914, not 24.729.914)")
            }
            return v
        }
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try numbers(text, option: option).map { v in
            guard v == v.rounded() else { throw CommandFailure(message: "--\(option): '\(v)' is not a whole number") }
            return Int(v)
        }
    }

    /// "a=1,b=2" → [(a, 1), (b, 2)], order kept.
    static func counts(_ text: String, option: String) throws -> [(String, Int)] {
        try text.split(separator: ",").map { pair in
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let n = Int(kv[1].trimmingCharacters(in: .whitespaces)) else {
                throw CommandFailure(message: "--\(option): '\(pair)' is not name=count")
            }
            return (kv[0].trimmingCharacters(in: .whitespaces), n)
        }
    }
}
