/// The character encodings municipal exports arrive in.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    /// Excel's "CSV (gescheiden door lijstscheidingsteken)" on Dutch Windows.
    case windows1252 = "Windows-1252"

    /// UTF-8 when the bytes are valid UTF-8 (with or without BOM), Windows-1252 otherwise.
    /// A file that is valid in neither is an error naming the line of the first bad byte,
    /// never decoded with replacement characters (which would merge different ids):
    /// a byte-order mark followed by bytes that are not UTF-8, a file that mixes UTF-8
    /// sequences with other bytes, and bytes that Windows-1252 leaves undefined.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> TextEncoding {
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let scan = scanUTF8(bytes, from: bom ? 3 : 0)
        guard let bad = scan.firstInvalid else { return bom ? .utf8WithBOM : .utf8 }
        let where_ = "byte 0x\(String(bytes[bad], radix: 16, uppercase: true))"
        if bom {
            throw InputError(file: file, line: line(of: bad, in: bytes),
                             message: "not valid UTF-8 (\(where_)) although the file starts with a UTF-8 byte-order mark; save it again as UTF-8")
        }
        if let utf8 = scan.firstMultibyte {
            throw InputError(file: file, line: line(of: bad, in: bytes),
                             message: "not valid UTF-8 (\(where_)), while line \(line(of: utf8, in: bytes)) is UTF-8: the file mixes encodings; save it again as UTF-8")
        }
        if let undefined = (0..<bytes.count).first(where: { undefinedIn1252.contains(bytes[$0]) }) {
            throw InputError(file: file, line: line(of: undefined, in: bytes),
                             message: "neither UTF-8 nor Windows-1252 (byte 0x\(String(bytes[undefined], radix: 16, uppercase: true)) is not a character in either); save it again as UTF-8")
        }
        return .windows1252
    }

    /// Bytes that Windows-1252 does not define.
    private static let undefinedIn1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// 1-based line of byte `offset`.
    private static func line(of offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 1
        for i in 0..<offset where b[i] == 0x0A { n += 1 }
        return n
    }

    /// The offset of the first byte that is not valid UTF-8, and of the first well-formed
    /// multi-byte sequence.
    private static func scanUTF8(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (firstInvalid: Int?, firstMultibyte: Int?) {
        var i = start
        let n = b.count
        var invalid: Int?, multibyte: Int?
        while i < n {
            // Eight ASCII bytes at a time (no high bit set): an export is almost all ASCII, and a
            // byte loop over a national file (a quarter of a gigabyte) took a fifth of a second on
            // one core before any record was read.
            while i + 8 <= n && UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var len = 0
            if c & 0xE0 == 0xC0 { len = c < 0xC2 ? 0 : 2 }
            else if c & 0xF0 == 0xE0 { len = 3 }
            else if c & 0xF8 == 0xF0 { len = c > 0xF4 ? 0 : 4 }
            var ok = len > 0 && i + len <= n
            if ok { for k in 1..<len where b[i + k] & 0xC0 != 0x80 { ok = false; break } }
            // The second byte's narrower ranges (RFC 3629): without them overlong forms (E0 80–9F),
            // UTF-16 surrogates (ED A0–BF) and code points past U+10FFFF (F4 90–BF) passed as UTF-8,
            // and decoding put U+FFFD in their place, so two ids differing there became one.
            if ok {
                switch c {
                case 0xE0: ok = b[i + 1] >= 0xA0
                case 0xED: ok = b[i + 1] <= 0x9F
                case 0xF0: ok = b[i + 1] >= 0x90
                case 0xF4: ok = b[i + 1] <= 0x8F
                default: break
                }
            }
            if ok {
                if multibyte == nil { multibyte = i }
                i += len
            } else {
                if invalid == nil { invalid = i }
                if multibyte != nil { break }
                i += 1
            }
        }
        return (invalid, multibyte)
    }

    /// Decodes one field's bytes.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8, .utf8WithBOM:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                if b >= 0x80 && b <= 0x9F, let s = Unicode.Scalar(Self.cp1252High[Int(b - 0x80)]) {
                    scalars.append(s)
                } else {
                    scalars.append(Unicode.Scalar(b))
                }
            }
            return String(scalars)
        }
    }

    /// Windows-1252 code points for bytes 0x80–0x9F (the rest equals Latin-1).
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
