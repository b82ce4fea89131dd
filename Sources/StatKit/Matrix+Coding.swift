/// Columns of few distinct values stored as one-byte codes into a table of those values.
///
/// Why: a person-period design at national scale is millions of rows by some 45 columns, and
/// nearly all of them are dummies or small counts (an age group, months on benefit before τ).
/// As doubles it is a gigabyte, and every pass of a fit over scattered rows reads a cache line
/// per element; as codes it is an eighth of that. A code stands for its value exactly (the
/// table holds the very `Double` written), so every figure computed from a coded matrix is bit
/// for bit that of the dense one: the operations read the same values in the same order.
///
/// A column takes codes while it has at most 256 distinct values (bit patterns); the 257th
/// turns it dense (a continuous covariate: the calendar time of inflow, a user's income).
/// Writes go through `Matrix.setRows(from:rowMajor:)`; `Matrix(codedRows:columns:)` makes one.
struct ColumnCoding: Equatable, Sendable {
    /// Where column j lives: its index among the coded columns, or among the dense ones (the
    /// matrix's `storage` then holds the dense columns one after another).
    enum Place: Equatable, Sendable {
        case coded(Int), dense(Int)
    }

    static let maximumLevels = 256

    var place: [Place]
    /// Coded column k's codes at `codes[k * rows ..< (k + 1) * rows]`.
    var codes: [UInt8]
    /// Coded column k's values at `levels[k * 256 ..< k * 256 + levelCount[k]]`: code c stands for `levels[k * 256 + c]`.
    var levels: [Double]
    var levelCount: [Int]
    /// Coded column k's code of each value written so far, by bit pattern (for writing).
    var codeOf: [[UInt64: UInt8]]

    /// `columns` coded columns of `rows` zeros, each with 0 and 1 as its first two levels
    /// (the values of a dummy: most columns need no other).
    init(rows: Int, columns: Int) {
        place = (0..<columns).map { .coded($0) }
        codes = [UInt8](repeating: 0, count: rows * columns)
        levels = [Double](repeating: 0, count: Self.maximumLevels * columns)
        for k in 0..<columns { levels[k * Self.maximumLevels + 1] = 1 }
        levelCount = [Int](repeating: 2, count: columns)
        codeOf = [[UInt64: UInt8]](repeating: [Double(0).bitPattern: 0, Double(1).bitPattern: 1], count: columns)
    }

    /// The code of `v` in coded column k, adding it as a level; nil when the column has 256 levels already.
    mutating func code(_ v: Double, column k: Int) -> UInt8? {
        let bits = v.bitPattern
        if bits == 0 { return 0 }
        if bits == Double(1).bitPattern { return 1 }
        if let c = codeOf[k][bits] { return c }
        guard levelCount[k] < Self.maximumLevels else { return nil }
        let c = UInt8(levelCount[k])
        levels[k * Self.maximumLevels + Int(c)] = v
        levelCount[k] += 1
        codeOf[k][bits] = c
        return c
    }
}

/// A column of a matrix read element by element in place, in a hot loop: doubles, or codes
/// and their table (`ColumnCoding`). Valid only inside the call that gives it
/// (`Matrix.withColumnReader`), as an `UnsafeBufferPointer` is.
public struct ColumnReader {
    @usableFromInline let dense: UnsafePointer<Double>?
    @usableFromInline let codes: UnsafePointer<UInt8>?
    @usableFromInline let levels: UnsafePointer<Double>?
    /// A coded column whose only levels are 0 and 1 (a dummy): its codes are its values
    /// (`ColumnCoding` gives 0 and 1 the codes 0 and 1), so `gather` converts them without the table.
    @usableFromInline let isDummy: Bool

    init(dense: UnsafePointer<Double>?, codes: UnsafePointer<UInt8>?, levels: UnsafePointer<Double>?, isDummy: Bool = false) {
        (self.dense, self.codes, self.levels, self.isDummy) = (dense, codes, levels, isDummy)
    }

    /// Reads doubles in memory (a column of a dense matrix, an array of values).
    public init(_ values: UnsafeBufferPointer<Double>) {
        self.init(dense: values.baseAddress, codes: nil, levels: nil)
    }

    /// Element i (unchecked: i must lie in the column).
    @inlinable @inline(__always)
    public subscript(i: Int) -> Double {
        if let dense { return dense[i] }
        return levels.unsafelyUnwrapped[Int(codes.unsafelyUnwrapped[i])]
    }

    /// Writes elements start..<start + count (or, with `rows`, the elements at rows[start..<start + count])
    /// times the factors `factor[0..<count]` to `out[0..<count]`: the block-filling loop of the
    /// Gram and product passes over a design (unchecked, as the subscript).
    ///
    /// Why a loop of its own: the element read is decided once per column, not per element, and a
    /// dummy's codes are converted directly, which the compiler turns into vector instructions
    /// where the rows are consecutive (a table lookup per element it cannot). Each entry is the
    /// very product `self[row] * factor[i]`: a dummy's code converts to exactly its value.
    @inlinable @inline(__always)
    public func gather(_ count: Int, from start: Int, rows: UnsafePointer<Int>?, times factor: UnsafePointer<Double>,
                       into out: UnsafeMutablePointer<Double>) {
        if let dense {
            if let rows { for i in 0..<count { out[i] = dense[rows[start + i]] * factor[i] } }
            else { for i in 0..<count { out[i] = dense[start + i] * factor[i] } }
            return
        }
        let codes = codes.unsafelyUnwrapped
        if isDummy {
            if let rows { for i in 0..<count { out[i] = Double(codes[rows[start + i]]) * factor[i] } }
            else { for i in 0..<count { out[i] = Double(codes[start + i]) * factor[i] } }
            return
        }
        let levels = levels.unsafelyUnwrapped
        if let rows { for i in 0..<count { out[i] = levels[Int(codes[rows[start + i]])] * factor[i] } }
        else { for i in 0..<count { out[i] = levels[Int(codes[start + i])] * factor[i] } }
    }
}

extension Matrix {
    /// A matrix of zeros whose columns store their values as codes (`ColumnCoding`) until a
    /// column has more than 256 distinct values; write it with `setRows(from:rowMajor:)`.
    public init(codedRows rows: Int, columns: Int) {
        self.init(rows: rows, columns: 0)
        self.columns = columns
        coding = ColumnCoding(rows: rows, columns: columns)
    }

    /// Whether some columns are stored as codes.
    public var isCoded: Bool { coding != nil }

    /// The same matrix with every column as doubles (itself when it has no codes): for LAPACK
    /// routines that need the elements in memory.
    public func decoded() -> Matrix {
        guard isCoded else { return self }
        var m = Matrix(rows: rows, columns: columns)
        m.storage.withUnsafeMutableBufferPointer { out in
            withColumnReaders { readers in
                for j in 0..<columns { for i in 0..<rows { out[j * rows + i] = readers[j][i] } }
            }
        }
        return m
    }

    /// Calls `body` with a reader of column j, read in place (a coded column is not decoded).
    public func withColumnReader<R>(_ j: Int, _ body: (ColumnReader) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < columns, "no such column")
        return try withColumnReaders { try body($0[j]) }
    }

    /// Calls `body` with a reader of every column, read in place.
    public func withColumnReaders<R>(_ body: ([ColumnReader]) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { dense in
            guard let coding else {
                return try body((0..<columns).map { ColumnReader(dense: dense.baseAddress! + $0 * rows, codes: nil, levels: nil) })
            }
            return try coding.codes.withUnsafeBufferPointer { codes in
                try coding.levels.withUnsafeBufferPointer { levels in
                    try body(coding.place.map { place in
                        switch place {
                        case .dense(let d): return ColumnReader(dense: dense.baseAddress! + d * rows, codes: nil, levels: nil)
                        case .coded(let k): return ColumnReader(dense: nil, codes: codes.baseAddress! + k * rows,
                                                                levels: levels.baseAddress! + k * ColumnCoding.maximumLevels,
                                                                isDummy: coding.levelCount[k] == 2)
                        }
                    })
                }
            }
        }
    }

    /// `setRows` for a coded matrix: each value is written as its column's code, a column that
    /// meets its 257th distinct value turning dense (its codes so far decoded into `storage`).
    mutating func setCodedRows(from first: Int, rowMajor values: [Double]) {
        // Taken out while written, so that its arrays stay uniquely referenced (no copy).
        var coding = self.coding!
        self.coding = nil
        defer { self.coding = coding }
        let n = values.count / columns, rows = self.rows, columns = self.columns
        // Row after row, as the block lies in memory (column after column, every read of a large
        // block was a cache miss: 1.4 % of a national estimate, on one core). Each column keeps
        // its last value's code: a person's rows repeat its values at inflow.
        var lastBits = [UInt64](repeating: Double(0).bitPattern, count: columns), lastCode = [UInt8](repeating: 0, count: columns)
        for i in 0..<n {
            for j in 0..<columns {
                let v = values[i * columns + j]
                if case .coded(let k) = coding.place[j] {
                    if v.bitPattern != lastBits[j] {
                        if let c = coding.code(v, column: k) {
                            (lastBits[j], lastCode[j]) = (v.bitPattern, c)
                        } else {
                            // The 257th value: the column turns dense, its codes so far decoded
                            // (the block's later rows are written as values from here on).
                            let d = storage.count / Swift.max(rows, 1)
                            storage.append(contentsOf: (0..<rows).map { coding.levels[k * ColumnCoding.maximumLevels + Int(coding.codes[k * rows + $0])] })
                            coding.place[j] = .dense(d)
                        }
                    }
                    if case .coded = coding.place[j] { coding.codes[k * rows + first + i] = lastCode[j]; continue }
                }
                guard case .dense(let d) = coding.place[j] else { continue }
                storage[d * rows + first + i] = v
            }
        }
    }

    /// `selecting(rows:columns:)` of a coded matrix: the kept coded columns' codes at the rows
    /// (with their tables) and the kept dense columns' values.
    func selectingCoded(_ coding: ColumnCoding, rows selected: [Int]?, columns kept: [Int]) -> Matrix {
        let n = selected?.count ?? rows, maximum = ColumnCoding.maximumLevels
        let codedKept = kept.filter { if case .coded = coding.place[$0] { return true } else { return false } }.count
        var out = Matrix(rows: n, columns: 0)
        out.columns = kept.count
        var c = ColumnCoding(rows: n, columns: codedKept)
        out.storage = [Double](repeating: 0, count: n * (kept.count - codedKept))
        c.place = []
        var codedCount = 0, denseCount = 0
        for j in kept {
            switch coding.place[j] {
            case .coded(let k):
                let from = k * rows, to = codedCount * n
                c.codes.withUnsafeMutableBufferPointer { o in
                    if let selected { for (i, r) in selected.enumerated() { o[to + i] = coding.codes[from + r] } }
                    else { for i in 0..<n { o[to + i] = coding.codes[from + i] } }
                }
                for l in 0..<maximum { c.levels[codedCount * maximum + l] = coding.levels[k * maximum + l] }
                c.levelCount[codedCount] = coding.levelCount[k]
                c.codeOf[codedCount] = coding.codeOf[k]
                c.place.append(.coded(codedCount))
                codedCount += 1
            case .dense(let d):
                let from = d * rows, to = denseCount * n
                out.storage.withUnsafeMutableBufferPointer { o in
                    if let selected { for (i, r) in selected.enumerated() { o[to + i] = storage[from + r] } }
                    else { for i in 0..<n { o[to + i] = storage[from + i] } }
                }
                c.place.append(.dense(denseCount))
                denseCount += 1
            }
        }
        out.coding = c
        return out
    }
}
