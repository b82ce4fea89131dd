import CLapack

/// Some rows and columns of a matrix, read in place: a model fitted on part of a large design
/// (one subgroup cell of a person-period sample of millions of rows) without copying that part.
///
/// The operations a fit needs read the listed rows through their indices, in blocks: the normal
/// equations gather 2,048 rows at a time into the block `Matrix.weightedNormalEquations` fills
/// anyway, and `multiply` gathers the same blocks for `dgemv`. Each block holds exactly what a
/// copied matrix would hold there, so a fit on a view gives the figures of a fit on the copy.
public struct MatrixView: Sendable {
    public let base: Matrix
    /// The rows of `base` in the view, in order; nil: all of them.
    public let rowIndices: [Int]?
    /// The columns of `base` in the view, in order; nil: all of them.
    public let columnIndices: [Int]?

    /// The listed rows and columns must lie in `base`: the view's operations read through them unchecked.
    public init(_ base: Matrix, rows: [Int]? = nil, columns: [Int]? = nil) {
        precondition(rows.map { $0.allSatisfy { $0 >= 0 && $0 < base.rows } } ?? true
                     && columns.map { $0.allSatisfy { $0 >= 0 && $0 < base.columns } } ?? true, "the view lists a row or column the matrix does not have")
        self.base = base
        rowIndices = rows
        columnIndices = columns
    }

    public var rows: Int { rowIndices?.count ?? base.rows }
    public var columns: Int { columnIndices?.count ?? base.columns }
    /// Whether the view is the whole matrix (then every operation is the matrix's own).
    public var isWhole: Bool { rowIndices == nil && columnIndices == nil }

    /// Column j of the view in `base`.
    public func baseColumn(_ j: Int) -> Int { columnIndices?[j] ?? j }

    /// The view of the listed columns of this view (positions in it), in that order.
    public func selectingColumns(_ kept: [Int]) -> MatrixView {
        MatrixView(base, rows: rowIndices, columns: kept.map(baseColumn))
    }

    /// The view as a matrix of its own (a copy unless the view is the whole matrix).
    public func materialized() -> Matrix {
        isWhole ? base.decoded() : base.selecting(rows: rowIndices, columns: (0..<columns).map(baseColumn)).decoded()
    }

    /// Calls `body` with column j of the view: in place when the view has all rows, else a
    /// gathered copy of that one column.
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        guard let rowIndices else { return try base.withColumn(baseColumn(j), body) }
        let gathered = base.withColumnReader(baseColumn(j)) { r in rowIndices.map { r[$0] } }
        return try gathered.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a reader of column j's column of `base` and the view's rows (nil: all of
    /// them): element i of the view's column is `reader[rows?[i] ?? i]`, read in place.
    public func withColumnReader<R>(_ j: Int, _ body: (ColumnReader, UnsafePointer<Int>?) throws -> R) rethrows -> R {
        try base.withColumnReader(baseColumn(j)) { reader in
            guard let rowIndices else { return try body(reader, nil) }
            return try rowIndices.withUnsafeBufferPointer { try body(reader, $0.baseAddress) }
        }
    }

    /// `AᵀWA` and `AᵀWz` of the view (`Matrix.weightedNormalEquations`).
    public func weightedNormalEquations(weights w: [Double], response z: [Double]?) -> (gram: Matrix, rhs: [Double]) {
        base.weightedNormalEquations(weights: w, response: z, rows: rowIndices, columns: columnIndices)
    }

    /// `AᵀWA` and the unweighted `AᵀA` of the view in one pass (`Matrix.weightedAndUnweightedGram`).
    public func weightedAndUnweightedGram(weights w: [Double]) -> (weighted: Matrix, unweighted: Matrix) {
        base.weightedAndUnweightedGram(weights: w, rows: rowIndices, columns: columnIndices)
    }

    /// `A · x`: for a view, `dgemv` on blocks of 2,048 gathered rows.
    public func multiply(_ x: [Double]) -> [Double] {
        var y = [Double]()
        multiply(x, into: &y)
        return y
    }

    /// `A · x` written into `y`, whose memory is reused when it has the room (an iterative fit
    /// multiplies at every step: a fresh array each time is a fresh mapping the kernel zeroes).
    /// The same values as `multiply(_:)`.
    public func multiply(_ x: [Double], into y: inout [Double]) {
        if isWhole && !base.isCoded { y = base.multiply(x); return }
        precondition(x.count == columns, "vector length does not match")
        let n = rows, p = columns, blockSize = 2048
        // Zeroed as a fresh array is: dgemv with β = 0 scales y by 0 first in some BLAS, and 0 · NaN is NaN.
        if y.count != n { y = [Double](repeating: 0, count: n) } else { y.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        if n == 0 || p == 0 { return }
        var block = [Double](repeating: 0, count: Swift.min(blockSize, n) * p)
        // Factors of the gather (`ColumnReader.gather`): times 1 is the element itself.
        let ones = [Double](repeating: 1, count: Swift.min(blockSize, n))
        var alpha = 1.0, beta = 0.0, inc: Int32 = 1, pp = Int32(p)
        var t = Int8(UInt8(ascii: "N"))
        base.withColumnReaders { a in
            var start = 0
            while start < n {
                let m = Swift.min(blockSize, n - start)
                var mm = Int32(m), lda = Int32(m)
                block.withUnsafeMutableBufferPointer { b in
                    Matrix.withRowList(rowIndices) { at in
                        ones.withUnsafeBufferPointer { one in
                            for j in 0..<p { a[baseColumn(j)].gather(m, from: start, rows: at, times: one.baseAddress!, into: b.baseAddress! + j * m) }
                        }
                    }
                    x.withUnsafeBufferPointer { px in
                        y.withUnsafeMutableBufferPointer { py in
                            _ = BLASSetup.done
                            dgemv_(&t, &mm, &pp, &alpha, b.baseAddress, &lda, px.baseAddress, &inc, &beta, py.baseAddress! + start, &inc, 1)
                        }
                    }
                }
                start += m
            }
        }
    }
}
