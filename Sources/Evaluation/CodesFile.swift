import Cohort
import Foundation
import TableKit
import TOMLKit

/// Reads a codes file (`reval link --codes`, `codes` under `[inputs]`): TOML with one table
/// per coded column of `"export value" = "code"` lines. The TOML is read here, where TOMLKit
/// is a dependency; `CodeBook` checks tables and codes.
public enum CodesFile {
    public static func read(path: String) throws -> CodeBook {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, message: "cannot read codes file: \(error.localizedDescription)")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw InputError(file: path, line: e.source.begin.line, message: "not valid TOML: \(e.description)")
        }
        var tables = [String: [String: String]]()
        for key in root.keys {
            guard let table = root[key]?.table else {
                throw InputError(file: path, column: key, message: "must be a table of \"export value\" = \"code\" lines")
            }
            var m = [String: String]()
            for spelling in table.keys {
                guard let target = table[spelling]?.string else {
                    throw InputError(file: path, column: "\(key).\"\(spelling)\"", message: "must be a string: the code the value stands for")
                }
                m[spelling] = target
            }
            tables[key] = m
        }
        return try CodeBook(file: path, tables: tables)
    }
}
