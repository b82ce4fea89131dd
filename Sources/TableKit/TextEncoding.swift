/// The character encodings municipal exports arrive in.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    /// Excel's "CSV (gescheiden door lijstscheidingsteken)" on Dutch Windows.
    case windows1252 = "Windows-1252"

    /// UTF-8 when the bytes are valid UTF-8 (with or without BOM), Windows-1252 otherwise.
    /// Windows-1252 decodes any byte sequence, so detection cannot fail; a file that is
    /// neither shows up as odd characters that the validators then name.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return .utf8WithBOM
        }
        return isValidUTF8(bytes) ? .utf8 : .windows1252
    }

    private static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            if c & 0xE0 == 0xC0 { len = 2; if c < 0xC2 { return false } }
            else if c & 0xF0 == 0xE0 { len = 3 }
            else if c & 0xF8 == 0xF0 { len = 4; if c > 0xF4 { return false } }
            else { return false }
            if i + len > n { return false }
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
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
