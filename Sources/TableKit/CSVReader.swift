import Foundation

/// Reads delimited text as municipal systems export it: `;`, `,` or tab (detected
/// from the header), RFC 4180 quoting (embedded separators, doubled quotes and
/// newlines inside quotes), CRLF or LF, UTF-8 with or without BOM or Windows-1252
/// (detected).
///
/// Written by hand rather than with SwiftCSV or CSV.swift (both on the machine):
/// those build a `String` per field for the whole file and do not report the
/// physical line of a record or detect Windows-1252, and reval needs all three —
/// line numbers for one-line errors, byte-level parsing for 10⁶-row files, and the
/// encodings Dutch Excel writes.
///
/// The file is memory-mapped and parsed record by record; a record's fields are
/// decoded only when asked for, so memory grows with what the caller keeps.
public struct CSVReader: Sendable {
    /// Name used in error messages (the path as the user gave it).
    public let file: String
    public let delimiter: UInt8
    public let encoding: TextEncoding
    /// Header fields, trimmed.
    public let header: [String]
    private let data: Data
    private let bodyStart: Int
    private let headerLines: Int

    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw InputError(file: path, message: "cannot read file: \(error.localizedDescription)")
        }
        try self.init(data: data, file: path)
    }

    public init(data: Data, file: String) throws {
        self.file = file
        self.data = data
        var enc = TextEncoding.utf8, delim = UInt8(ascii: ","), hdr = [String](), start = 0, hLines = 1
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            let offset = bom ? 3 : 0
            if bytes.count <= offset || bytes[offset...].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                throw InputError(file: file, message: "file is empty")
            }
            // memchr rather than `contains`: a byte loop over a national file cost a tenth of a second.
            if bytes.count > 0, memchr(bytes.baseAddress!, 0, bytes.count) != nil {
                throw InputError(file: file, message: "file contains NUL bytes: not a text file (UTF-16 or binary?); export it as CSV in UTF-8 or Windows-1252")
            }
            enc = try TextEncoding.detect(bytes, file: file)
            delim = Self.detectDelimiter(bytes, from: offset)
            var parser = RecordParser(bytes: bytes, position: offset, line: 1, delimiter: delim)
            guard let rec = try parser.next(file: file) else { throw InputError(file: file, message: "file is empty") }
            hdr = rec.fields.map { CSVRecord.text(of: $0, in: bytes, encoding: enc).trimmingCharacters(in: .whitespaces) }
            try Self.checkDistinct(header: hdr, file: file)
            start = parser.position
            hLines = parser.line
        }
        self.encoding = enc
        self.delimiter = delim
        self.header = hdr
        self.bodyStart = start
        self.headerLines = hLines
    }

    /// A column named twice (compared case-insensitively) is an error naming both columns:
    /// resolving it to one of them would silently ignore the other's data.
    public static func checkDistinct(header: [String], file: String) throws {
        var seen = [String: Int]()
        for (i, name) in header.enumerated() where !name.isEmpty {
            if let first = seen[name.lowercased()] {
                throw InputError(file: file, line: 1, column: name,
                                 message: "the header names this column twice: '\(header[first])' (column \(first + 1)) and '\(name)' (column \(i + 1)); remove or rename one")
            }
            seen[name.lowercased()] = i
        }
    }

    /// The delimiter with most occurrences on the first line outside quotes; `,` on a tie.
    static func detectDelimiter(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: ","): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        var i = start
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if !inQuotes && (c == 0x0A || c == 0x0D) { break }
            else if !inQuotes, counts[c] != nil { counts[c]! += 1 }
            i += 1
        }
        let order: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        return order.max { counts[$0]! < counts[$1]! } ?? UInt8(ascii: ",")
    }

    /// Calls `body` for every data record, in file order. The record is valid only
    /// during the call. A record whose field count differs from the header's is an error,
    /// passed to `malformed`, which throws it by default; a `malformed` that returns
    /// skips the record.
    public func forEachRecord(malformed: (InputError) throws -> Void = { throw $0 }, progress: ((ReadProgress) -> Void)? = nil,
                              _ body: (CSVRecord) throws -> Void) throws {
        try forEachRecord(malformedRecord: { e, _ in try malformed(e) }, progress: progress, body)
    }

    /// As `forEachRecord(malformed:_:)`, passing the malformed record too (its fields, fewer
    /// or more than the header's, are readable by index below `count`), so that a caller can
    /// tell whose row it was. `progress`, when given, hears how far the read has got every
    /// `ReadProgress.interval` records and once at the end.
    public func forEachRecord(malformedRecord malformed: (InputError, CSVRecord) throws -> Void, progress: ((ReadProgress) -> Void)? = nil,
                              _ body: (CSVRecord) throws -> Void) throws {
        try forEachRecord(in: Part(start: bodyStart, end: data.count, line: headerLines), malformedRecord: malformed, progress: progress, body)
    }

    /// A run of whole records of the file's body: from byte `start` (where a record starts, on
    /// physical line `line`) to byte `end`.
    public struct Part: Sendable, Equatable {
        public let start: Int
        public let end: Int
        public let line: Int
    }

    /// The body cut into at most `count` parts of about equal size, each a run of whole records,
    /// so that threads can read a large file side by side (`forEachRecord(in:…)`); together, in
    /// order, they hold every record once. The cuts are made after a line feed, which ends a
    /// record only where no field is quoted and no carriage return ends a line; a body with a
    /// quote or a carriage return is therefore one part (what `reval link` writes has neither).
    public func parts(_ count: Int) -> [Part] {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self), n = bytes.count
            // memchr: these scans pass over the whole file before any thread starts, and a byte
            // loop over a national cohort file (200 MB) took a tenth of a second each.
            func find(_ byte: UInt8, from: Int) -> Int? {
                guard from < n, let p = memchr(bytes.baseAddress! + from, Int32(byte), n - from) else { return nil }
                return bytes.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            let whole = [Part(start: bodyStart, end: n, line: headerLines)]
            guard count > 1, find(UInt8(ascii: "\""), from: bodyStart) == nil, find(0x0D, from: bodyStart) == nil else { return whole }
            var parts = [Part](), start = bodyStart, line = headerLines
            for k in 1..<count {
                // The first line feed at or after the k-th share of the body ends this part.
                guard let cut = find(0x0A, from: max(start, bodyStart + (n - bodyStart) * k / count)), cut + 1 < n else { break }
                parts.append(Part(start: start, end: cut + 1, line: line))
                var at = start
                while let feed = find(0x0A, from: at), feed <= cut { line += 1; at = feed + 1 }
                start = cut + 1
            }
            return parts + [Part(start: start, end: n, line: line)]
        }
    }

    /// As `forEachRecord(malformedRecord:progress:_:)`, over the records of one `Part` only.
    /// `progress` hears the part's records, and its bytes read counted from the start of the file.
    public func forEachRecord(in part: Part, malformedRecord malformed: (InputError, CSVRecord) throws -> Void,
                              progress: ((ReadProgress) -> Void)? = nil, _ body: (CSVRecord) throws -> Void) throws {
        try data.withUnsafeBytes { raw in
            let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<part.end])
            var parser = RecordParser(bytes: bytes, position: part.start, line: part.line, delimiter: delimiter)
            var records = 0
            defer { progress?(ReadProgress(records: records, bytesRead: parser.position, bytes: data.count)) }
            while let rec = try parser.next(file: file) {
                records += 1
                if records % ReadProgress.interval == 0 { progress?(ReadProgress(records: records, bytesRead: parser.position, bytes: data.count)) }
                if rec.fields.count == 1 && rec.fields[0].range.isEmpty && !rec.fields[0].quoted { continue } // blank line
                if rec.fields.count != header.count {
                    let error = InputError(file: file, line: rec.line, message: "record has \(rec.fields.count) fields, header has \(header.count)")
                    try malformed(error, CSVRecord(bytes: bytes, fields: rec.fields, line: rec.line, encoding: encoding, header: header, file: file))
                    continue
                }
                try body(CSVRecord(bytes: bytes, fields: rec.fields, line: rec.line, encoding: encoding, header: header, file: file))
            }
        }
    }
}

/// How far a read of a delimited file has got: records so far and bytes consumed.
public struct ReadProgress: Sendable, Equatable {
    /// Records between two reports.
    public static let interval = 50_000
    public let records: Int
    public let bytesRead: Int
    public let bytes: Int

    public init(records: Int, bytesRead: Int, bytes: Int) {
        (self.records, self.bytesRead, self.bytes) = (records, bytesRead, bytes)
    }

    public var fraction: Double { bytes > 0 ? Double(bytesRead) / Double(bytes) : 1 }
}

/// One data record of a CSV file, decoded lazily.
public struct CSVRecord {
    let bytes: UnsafeBufferPointer<UInt8>
    let fields: [FieldSpan]
    /// 1-based physical line where the record starts.
    public let line: Int
    let encoding: TextEncoding
    let header: [String]
    let file: String

    public var count: Int { fields.count }
    /// The byte offset in the file where the record's last field ends (a reader sizing its
    /// arrays from the bytes read so far).
    public var endOffset: Int { fields.last?.range.upperBound ?? 0 }

    /// Field `i` as text, trimmed of surrounding spaces, quotes removed and `""` unescaped.
    public subscript(i: Int) -> String {
        Self.text(of: fields[i], in: bytes, encoding: encoding)
    }

    static func text(of f: FieldSpan, in bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> String {
        var lo = f.range.lowerBound, hi = f.range.upperBound
        if !f.quoted {
            // Trim on bytes: Foundation's trimmingCharacters costs microseconds per call.
            while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
            while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
        let s = encoding.decode(slice)
        return f.quoted && slice.contains(UInt8(ascii: "\"")) ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The raw bytes of field `i` (inside the quotes for a quoted field, not unescaped),
    /// for parsers that must not allocate a `String` per field (dates in 10⁶-row files).
    public func withRawBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(rebasing: bytes[fields[i].range]))
    }

    /// Field `i` as a whole number (optional sign, digits, surrounding spaces), parsed from the
    /// bytes without building a `String`; nil when empty, not a whole number or out of range.
    public func integer(_ i: Int) -> Int? {
        var lo = fields[i].range.lowerBound, hi = fields[i].range.upperBound
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        var negative = false
        if lo < hi && (bytes[lo] == UInt8(ascii: "-") || bytes[lo] == UInt8(ascii: "+")) { negative = bytes[lo] == UInt8(ascii: "-"); lo += 1 }
        guard lo < hi && hi - lo <= 18 else { return nil }
        var v = 0
        for k in lo..<hi {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return negative ? -v : v
    }

    /// Whether field `i` is empty (after trimming spaces).
    public func isEmpty(_ i: Int) -> Bool {
        let f = fields[i]
        return bytes[f.range].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Field `i` as a number, accepting a decimal point, or a decimal comma when the
    /// delimiter is not a comma; nil when empty or not a number.
    public func number(_ i: Int, decimalComma: Bool) -> Double? {
        NumberParsing.parse(UnsafeBufferPointer(rebasing: bytes[fields[i].range]), decimalComma: decimalComma)
    }

    /// An error located at field `i` of this record.
    public func error(column i: Int, _ message: String) -> InputError {
        InputError(file: file, line: line, column: header[i], value: self[i], message: message)
    }
}

struct FieldSpan {
    /// Byte range of the content (inside the quotes for a quoted field).
    var range: Range<Int>
    var quoted: Bool
}

/// The RFC 4180 state machine over raw bytes.
struct RecordParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Line number of the next record's first byte.
    var line: Int
    let delimiter: UInt8

    struct Record {
        var fields: [FieldSpan]
        var line: Int
    }

    /// Reused between records so that parsing a record does not allocate.
    private var fields = [FieldSpan]()

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, line: Int, delimiter: UInt8) {
        self.bytes = bytes
        self.position = position
        self.line = line
        self.delimiter = delimiter
        fields.reserveCapacity(32)
    }

    mutating func next(file: String) throws -> Record? {
        let n = bytes.count
        guard position < n else { return nil }
        let startLine = line
        fields.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\"")
        while true {
            // Skip leading spaces before a quote (tolerated, as Excel does).
            var p = position
            while p < n && bytes[p] == 0x20 { p += 1 }
            if p < n && bytes[p] == quote {
                let contentStart = p + 1
                var q = contentStart
                var closed = false
                while q < n {
                    if bytes[q] == quote {
                        if q + 1 < n && bytes[q + 1] == quote { q += 2; continue }
                        closed = true
                        break
                    }
                    if bytes[q] == 0x0A { line += 1 }
                    q += 1
                }
                if !closed {
                    throw InputError(file: file, line: startLine, message: "unterminated quoted field (a \" is opened and never closed)")
                }
                fields.append(FieldSpan(range: contentStart..<q, quoted: true))
                q += 1
                while q < n && bytes[q] == 0x20 { q += 1 }
                position = q
                if q < n && bytes[q] != delimiter && bytes[q] != 0x0A && bytes[q] != 0x0D {
                    throw InputError(file: file, line: line, message: "text after a closing quote; quote the whole field and double any \" inside it")
                }
            } else {
                var q = position
                while q < n && bytes[q] != delimiter && bytes[q] != 0x0A && bytes[q] != 0x0D { q += 1 }
                fields.append(FieldSpan(range: position..<q, quoted: false))
                position = q
            }
            if position >= n { return Record(fields: fields, line: startLine) }
            let c = bytes[position]
            if c == delimiter { position += 1; continue }
            // End of record: CRLF, LF or a lone CR.
            if c == 0x0D { position += 1; if position < n && bytes[position] == 0x0A { position += 1 } }
            else { position += 1 }
            line += 1
            return Record(fields: fields, line: startLine)
        }
    }
}

/// The value of each distinct text of a column, worked out once and then found by comparing
/// bytes: for coded columns of 10⁶-row files, where building a `String` per field and parsing it
/// costs more than the rest of the row. Meant for columns with few distinct values (codes,
/// providers); beyond `capacity` distinct texts, values are worked out field by field.
/// Inlinable, so that callers in other modules get it specialised to their value type.
public struct DistinctFieldValues<T>: Sendable where T: Sendable {
    @usableFromInline var texts: DistinctFieldTexts
    @usableFromInline var values = [T]()

    public init(capacity: Int = 64) { texts = DistinctFieldTexts(capacity: capacity) }

    /// The value of field `i` of `rec`: `make` of its text (as `rec[i]` gives it), called once per distinct text.
    @inlinable
    public mutating func value(of rec: CSVRecord, _ i: Int, _ make: (String) throws -> T) rethrows -> T {
        if let k = texts.index(of: rec, i) { return values[k] }
        let v = try make(rec[i])
        if texts.add(rec, i) { values.append(v) }
        return v
    }
}

/// The distinct texts `DistinctFieldValues` has seen, as raw bytes (with whether they were quoted).
@usableFromInline
struct DistinctFieldTexts: Sendable {
    private var quoted = [Bool]()
    private var bytes = [[UInt8]]()
    private let capacity: Int

    @usableFromInline init(capacity: Int) { self.capacity = capacity }

    @usableFromInline func index(of rec: CSVRecord, _ i: Int) -> Int? {
        let f = rec.fields[i]
        let raw = UnsafeBufferPointer(rebasing: rec.bytes[f.range])
        for k in bytes.indices where quoted[k] == f.quoted && bytes[k].count == raw.count {
            if raw.isEmpty || bytes[k].withUnsafeBufferPointer({ memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }) { return k }
        }
        return nil
    }

    /// Remembers the text of field `i`; false when full.
    @usableFromInline mutating func add(_ rec: CSVRecord, _ i: Int) -> Bool {
        guard bytes.count < capacity else { return false }
        let f = rec.fields[i]
        quoted.append(f.quoted)
        bytes.append(Array(rec.bytes[f.range]))
        return true
    }
}
