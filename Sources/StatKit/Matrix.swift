// Module StatKit — the numeric core: matrices and LAPACK/BLAS solves, GLM (IRLS), linear regression,
// weighted statistics, greedy matching, the seeded generator, bootstrap, content hashes,
// parallel map. No domain words.
// May import: CLapack.

/// A dense matrix of `Double` in column-major order, the layout BLAS and LAPACK expect.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Columns are contiguous, so a
/// column can be read as a buffer slice without copying (`withColumn`).
///
/// A large design may keep its columns of few values as codes instead (`init(codedRows:columns:)`,
/// `ColumnCoding`): the operations that read it give the figures of the dense matrix; those
/// that need the elements in memory (LAPACK, `*`, writing an element) need `decoded()`.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public internal(set) var columns: Int
    /// Column-major elements; `storage.count == rows * columns`. With `coding`, the dense
    /// columns only, one after another (`ColumnCoding.Place`).
    public internal(set) var storage: [Double]
    /// Where the columns live when some are codes; nil: every column dense, as above.
    var coding: ColumnCoding?

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// Wraps column-major storage without copying.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns, "storage does not match \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from equally long columns.
    public init(columns cols: [[Double]]) {
        let n = cols.first?.count ?? 0
        precondition(cols.allSatisfy { $0.count == n }, "columns differ in length")
        self.init(rows: n, columns: cols.count, columnMajor: Array(cols.joined()))
    }

    /// Builds a matrix from rows (convenient in tests and small examples).
    public init(rowMajor values: [[Double]]) {
        let r = values.count, c = values.first?.count ?? 0
        var m = Matrix(rows: r, columns: c)
        for i in 0..<r {
            precondition(values[i].count == c, "rows differ in length")
            for j in 0..<c { m[i, j] = values[i][j] }
        }
        self = m
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inline(__always)
    public subscript(i: Int, j: Int) -> Double {
        get { coding == nil ? storage[i + j * rows] : withColumnReaders { $0[j][i] } }
        set {
            precondition(coding == nil, "a coded matrix is written by rows (setRows)")
            storage[i + j * rows] = newValue
        }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        withColumn(j) { Array($0) }
    }

    /// Read access to column `j` without copying (a coded column: a decoded copy).
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        guard coding == nil else {
            var decoded = [Double](repeating: 0, count: rows)
            withColumnReader(j) { r in decoded.withUnsafeMutableBufferPointer { out in for i in 0..<rows { out[i] = r[i] } } }
            return try decoded.withUnsafeBufferPointer(body)
        }
        return try storage.withUnsafeBufferPointer { buf in
            try body(UnsafeBufferPointer(rebasing: buf[(j * rows)..<((j + 1) * rows)]))
        }
    }

    /// Writes `values`, rows `first`, `first + 1`, … laid out row after row (row-major), into
    /// the matrix. Lets a caller build a large matrix a block of rows at a time (on several
    /// threads, each block in an array of its own) and copy each block in once.
    public mutating func setRows(from first: Int, rowMajor values: [Double]) {
        guard columns > 0 else { return }
        precondition(values.count % columns == 0 && first >= 0 && first + values.count / columns <= rows, "rows out of range")
        guard coding == nil else { return setCodedRows(from: first, rowMajor: values) }
        let n = values.count / columns, rows = self.rows, columns = self.columns
        storage.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { v in
                for j in 0..<columns {
                    let column = out.baseAddress! + j * rows + first
                    for i in 0..<n { column[i] = v[i * columns + j] }
                }
            }
        }
    }

    /// The diagonal of a square matrix.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { self[$0, $0] }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }

    /// The matrix made of the listed columns, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        selecting(rows: nil, columns: indices)
    }

    /// Removes the listed columns in place: the later columns move left within the same storage,
    /// so a design of a million rows loses its constant columns without a second copy in memory.
    /// (A coded matrix forgets where they were; their codes stay allocated.)
    public mutating func removeColumns(_ removed: Set<Int>) {
        guard !removed.isEmpty else { return }
        precondition(removed.allSatisfy { $0 >= 0 && $0 < columns }, "no such column")
        if coding != nil {
            coding!.place = coding!.place.indices.filter { !removed.contains($0) }.map { coding!.place[$0] }
            columns -= removed.count
            return
        }
        let n = rows
        guard n > 0 else { columns -= removed.count; return }
        var kept = 0
        storage.withUnsafeMutableBufferPointer { s in
            for j in 0..<columns where !removed.contains(j) {
                if kept != j { (s.baseAddress! + kept * n).update(from: s.baseAddress! + j * n, count: n) }
                kept += 1
            }
        }
        storage.removeLast((columns - kept) * n)
        columns = kept
    }

    /// The matrix made of the listed rows (nil: all) and columns, in that order: one copy where
    /// `selectingRows` then `selectingColumns` would make two. A coded matrix gives a coded one.
    public func selecting(rows selected: [Int]?, columns kept: [Int]) -> Matrix {
        let n = selected?.count ?? rows
        precondition(selected.map { $0.allSatisfy { $0 >= 0 && $0 < rows } } ?? true && kept.allSatisfy { $0 >= 0 && $0 < columns }, "no such row or column")
        if let coding { return selectingCoded(coding, rows: selected, columns: kept) }
        var m = Matrix(rows: n, columns: kept.count)
        storage.withUnsafeBufferPointer { a in
            m.storage.withUnsafeMutableBufferPointer { out in
                for (k, j) in kept.enumerated() {
                    let base = j * rows, outBase = k * n
                    if let selected {
                        for (i, r) in selected.enumerated() { out[outBase + i] = a[base + r] }
                    } else {
                        for i in 0..<n { out[outBase + i] = a[base + i] }
                    }
                }
            }
        }
        return m
    }

    /// The matrix made of the listed rows, in that order (used by bootstrap resampling).
    public func selectingRows(_ indices: [Int]) -> Matrix {
        selecting(rows: indices, columns: Array(0..<columns))
    }
}
