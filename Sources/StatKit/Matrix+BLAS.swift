import CLapack

// Products go through BLAS so that the numeric core scales with whichever BLAS
// Debian's alternatives system provides (reference BLAS or OpenBLAS).

extension Matrix {
    /// `A · B` via `dgemm`.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "cannot multiply \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        precondition(!a.isCoded && !b.isCoded, "decode a coded matrix first")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 { return c }
        if a.columns == 0 { return c }
        var m = Int32(a.rows), n = Int32(b.columns), k = Int32(a.columns)
        var alpha = 1.0, beta = 0.0
        var lda = Int32(Swift.max(1, a.rows)), ldb = Int32(Swift.max(1, b.rows)), ldc = Int32(Swift.max(1, c.rows))
        var tN = Int8(UInt8(ascii: "N"))
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    _ = BLASSetup.done
                    dgemm_(&tN, &tN, &m, &n, &k, &alpha, pa.baseAddress, &lda, pb.baseAddress, &ldb,
                           &beta, pc.baseAddress, &ldc, 1, 1)
                }
            }
        }
        return c
    }

    /// `A · x` via `dgemv` (a coded matrix: on blocks of decoded rows, `MatrixView.multiply`).
    public func multiply(_ x: [Double]) -> [Double] {
        isCoded ? MatrixView(self).multiply(x) : gemv(transposed: false, x)
    }

    /// `A · x` at the listed rows only (entry k is row `rows[k]` times x), without copying them;
    /// with `vectors` = B > 1, the products with B vectors at once, side by side.
    ///
    /// Side by side means row-major: `x` holds entry j of vector b at `x[j * B + b]` (p × B) and the
    /// result entry k of product b at `[k * B + b]`; for B = 1 simply the vector and the product.
    /// Each product is y_kb = Σ_j a_{rows[k], j} x_jb, accumulated over j in order from 0 and
    /// skipping the j with x_jb = 0 (a fit's aliased columns cost nothing). Why several at once: the
    /// rows are scattered over a large design, so reading a_{rows[k], j} is the cost, and a batch reads
    /// it once for all B vectors. Each vector still meets exactly the operations it meets alone (the
    /// same products, added in the same order, the same zeros skipped), so a batch gives bit for bit
    /// the B separate products.
    public func multiply(_ x: [Double], vectors: Int = 1, atRows selected: [Int]) -> [Double] {
        // Many rows: each half of them on a core of its own (every entry is computed alone, so
        // the halves give what one pass gives).
        if selected.count >= Self.splitRows {
            var parts = ParallelMap.run(Self.splitParts) { h in
                multiply(x, vectors: vectors, atRows: Array(selected[(selected.count * h / Self.splitParts)..<(selected.count * (h + 1) / Self.splitParts)]))
            }
            return Self.joined(&parts)
        }
        // One kernel, inlined twice: for a single vector its loop over b folds away and it runs as
        // fast as a loop written for one.
        return vectors == 1 ? multiplyKernel(x, vectors: 1, atRows: selected) : multiplyKernel(x, vectors: vectors, atRows: selected)
    }

    /// Listed rows from which a gathered product runs on two cores: a pass over a large design
    /// is memory-bound for long, and the second core is often idle by then (the last cell left).
    static let splitRows = 1 << 17
    /// Pieces of such a product: each is freed as soon as it is copied into the result, so the
    /// pieces and the result take little more memory than the result (an effect path's
    /// predictions of eight months at a million rows are 64 MB).
    static let splitParts = 8

    /// The pieces one after another, each emptied once copied.
    static func joined(_ parts: inout [[Double]]) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for k in parts.indices { out.append(contentsOf: parts[k]); parts[k] = [] }
        return out
    }

    /// Rows of a block in the gathered products: the block's B outputs (or inputs) per row stay
    /// in the L1 cache (16 KB) while every column passes over them. Unblocked, each column swept
    /// the whole result — 45 sweeps of tens of megabytes for a path's million rows.
    @inline(__always)
    private static func productBlock(vectors: Int) -> Int { Swift.max(64, 2048 / vectors) }

    @inline(__always)
    private func multiplyKernel(_ x: [Double], vectors count: Int, atRows selected: [Int]) -> [Double] {
        precondition(count > 0 && x.count == columns * count, "vector length does not match")
        precondition(selected.allSatisfy { $0 >= 0 && $0 < rows }, "no such row") // the loop below reads unchecked
        var y = [Double](repeating: 0, count: selected.count * count)
        if selected.isEmpty || rows == 0 || columns == 0 { return y }
        // Per column, the vectors with a coefficient on it (none: the column is not read).
        var nonzero = [Int](), first = [0]
        for j in 0..<columns {
            for b in 0..<count where x[j * count + b] != 0 { nonzero.append(b) }
            first.append(nonzero.count)
        }
        let blockRows = Self.productBlock(vectors: count)
        withColumnReaders { a in
            selected.withUnsafeBufferPointer { at in
                x.withUnsafeBufferPointer { x in
                    nonzero.withUnsafeBufferPointer { nonzero in first.withUnsafeBufferPointer { first in
                        y.withUnsafeMutableBufferPointer { out in
                            // Each output adds its columns' terms in column order, block or not: the
                            // blocks change which rows are done when, not the sum of any output.
                            Self.withGatherBuffers(blockRows) { ones, values in
                                for start in stride(from: 0, to: at.count, by: blockRows) {
                                    let end = Swift.min(start + blockRows, at.count)
                                    for j in 0..<columns where first[j + 1] > first[j] {
                                        let xj = x.baseAddress! + j * count
                                        a[j].gather(end - start, from: start, rows: at.baseAddress, times: ones, into: values)
                                        if count == 1 {
                                            // One vector (with a coefficient here: the column is read): the same
                                            // operations as below, written so that the compiler vectorises them
                                            // (the coefficient in a register, the block's outputs in a row).
                                            let x0 = xj[0], yBlock = out.baseAddress! + start
                                            for i in 0..<(end - start) { yBlock[i] += values[i] * x0 }
                                            continue
                                        }
                                        if first[j + 1] - first[j] == count {
                                            // Every vector has a coefficient here: a plain loop over them, the
                                            // same operations without the list, which the compiler vectorises.
                                            for k in start..<end {
                                                let akj = values[k - start], yk = out.baseAddress! + k * count
                                                for b in 0..<count { yk[b] += akj * xj[b] }
                                            }
                                            continue
                                        }
                                        for k in start..<end {
                                            let akj = values[k - start], yk = out.baseAddress! + k * count
                                            for q in first[j]..<first[j + 1] { let b = nonzero[q]; yk[b] += akj * xj[b] }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
        return y
    }

    /// `Aᵀ · v` over the listed rows only (v holds one entry per listed row), without copying them;
    /// with `vectors` = B > 1, the products with B vectors at once, side by side; with `columns`,
    /// only the entries of the listed columns, in that order.
    ///
    /// Side by side means row-major: `v` holds entry k of vector b at `v[k * B + b]` (one row of B
    /// per listed row) and the result entry j of product b at `[j * B + b]`; for B = 1 simply the
    /// vector and the product. Each entry is s_jb = Σ_k a_{rows[k], j} v_kb, accumulated over k in
    /// order from 0. As in `multiply(_:vectors:atRows:)`, a batch reads each gathered a_{rows[k], j}
    /// once for all B vectors (the gather is the cost), and each vector meets exactly the operations
    /// it meets alone, so a batch gives bit for bit the B separate products.
    public func transposeMultiply(_ v: [Double], vectors: Int = 1, atRows selected: [Int], columns kept: [Int]? = nil) -> [Double] {
        // Many rows: each half of the columns on a core of its own (each entry still sums over
        // all rows in order, so the halves give what one pass gives).
        let all = kept ?? Array(0..<columns)
        if selected.count >= Self.splitRows && all.count >= 2 {
            let half = all.count / 2
            return Array(ParallelMap.run(2) { h in
                transposeMultiplyOnOneCore(v, vectors: vectors, atRows: selected, columns: Array(h == 0 ? all[..<half] : all[half...]))
            }.joined())
        }
        return transposeMultiplyOnOneCore(v, vectors: vectors, atRows: selected, columns: kept)
    }

    private func transposeMultiplyOnOneCore(_ v: [Double], vectors: Int, atRows selected: [Int], columns kept: [Int]?) -> [Double] {
        // One kernel, inlined twice: for a single vector its accumulator stays in a register.
        vectors == 1
            ? transposeMultiplyKernel(v, vectors: 1, atRows: selected, columns: kept)
            : transposeMultiplyKernel(v, vectors: vectors, atRows: selected, columns: kept)
    }

    @inline(__always)
    private func transposeMultiplyKernel(_ v: [Double], vectors count: Int, atRows selected: [Int], columns kept: [Int]?) -> [Double] {
        precondition(count > 0 && v.count == selected.count * count, "vector length does not match")
        // The loop below reads unchecked.
        precondition(selected.allSatisfy { $0 >= 0 && $0 < rows } && kept.map { $0.allSatisfy { $0 >= 0 && $0 < columns } } ?? true,
                     "no such row or column")
        let p = kept?.count ?? columns
        var y = [Double](repeating: 0, count: p * count)
        if selected.isEmpty || rows == 0 || columns == 0 { return y }
        let blockRows = Self.productBlock(vectors: count)
        withColumnReaders { a in
            selected.withUnsafeBufferPointer { at in
                v.withUnsafeBufferPointer { v in
                    y.withUnsafeMutableBufferPointer { out in
                        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: count) { s in
                            // Each sum runs over the rows in order, block after block: the blocks
                            // change which columns are done when, not the sum of any entry. Four
                            // columns go side by side, one SIMD lane each: a sum alone waits for each
                            // addition to finish (a chain of dependent additions), four keep four in
                            // flight. A lane adds as a scalar does, so every entry is the same sum.
                            // The last four repeat their last column to fill up; only real lanes are kept.
                            for start in stride(from: 0, to: at.count, by: blockRows) {
                                let end = Swift.min(start + blockRows, at.count)
                                for j in stride(from: 0, to: p, by: 4) {
                                    let lanes = Swift.min(4, p - j), last = j + lanes - 1
                                    let jj = SIMD4(j, Swift.min(j + 1, last), Swift.min(j + 2, last), Swift.min(j + 3, last))
                                    let c0 = a[kept?[jj[0]] ?? jj[0]], c1 = a[kept?[jj[1]] ?? jj[1]]
                                    let c2 = a[kept?[jj[2]] ?? jj[2]], c3 = a[kept?[jj[3]] ?? jj[3]]
                                    let sums = out.baseAddress!
                                    for b in 0..<count { s[b] = SIMD4(sums[jj[0] * count + b], sums[jj[1] * count + b], sums[jj[2] * count + b], sums[jj[3] * count + b]) }
                                    for k in start..<end {
                                        let r = at[k], ak = SIMD4(c0[r], c1[r], c2[r], c3[r]), vk = v.baseAddress! + k * count
                                        for b in 0..<count { s[b] += ak * vk[b] }
                                    }
                                    for lane in 0..<lanes { for b in 0..<count { sums[(j + lane) * count + b] = s[b][lane] } }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// `Aᵀ · x` via `dgemv`, without forming the transpose.
    public func transposeMultiply(_ x: [Double]) -> [Double] {
        gemv(transposed: true, x)
    }

    private func gemv(transposed: Bool, _ x: [Double]) -> [Double] {
        precondition(x.count == (transposed ? rows : columns), "vector length does not match")
        precondition(!isCoded, "decode a coded matrix first")
        var y = [Double](repeating: 0, count: transposed ? columns : rows)
        if rows == 0 || columns == 0 { return y }
        var m = Int32(rows), n = Int32(columns), lda = Int32(rows)
        var alpha = 1.0, beta = 0.0, inc: Int32 = 1
        var t = Int8(UInt8(ascii: transposed ? "T" : "N"))
        storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    _ = BLASSetup.done
                    dgemv_(&t, &m, &n, &alpha, pa.baseAddress, &lda, px.baseAddress, &inc, &beta,
                           py.baseAddress, &inc, 1)
                }
            }
        }
        return y
    }

    /// The cross-product `Aᵀ A` via `dsyrk` (half the flops of `dgemm`), returned full.
    public func crossProduct() -> Matrix {
        // A coded matrix: gathered in blocks (its sums are then those of the blocks' dsyrk calls).
        if isCoded { return weightedNormalEquations(weights: [Double](repeating: 1, count: rows), response: nil).gram }
        var c = Matrix(rows: columns, columns: columns)
        if columns == 0 || rows == 0 { return c }
        var n = Int32(columns), k = Int32(rows), lda = Int32(rows), ldc = Int32(columns)
        var alpha = 1.0, beta = 0.0
        var uplo = Int8(UInt8(ascii: "U")), trans = Int8(UInt8(ascii: "T"))
        storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                _ = BLASSetup.done
                dsyrk_(&uplo, &trans, &n, &k, &alpha, pa.baseAddress, &lda, &beta, pc.baseAddress, &ldc, 1, 1)
            }
        }
        c.symmetrizeFromUpper()
        return c
    }

    /// `Aᵀ diag(w) A` for non-negative weights.
    public func weightedCrossProduct(_ w: [Double]) -> Matrix {
        weightedNormalEquations(weights: w, response: nil).gram
    }

    /// The normal equations of weighted least squares, `AᵀWA` and `AᵀWz`, in one pass.
    ///
    /// Rows are processed in blocks of 2,048: each block is copied into a small
    /// buffer with rows scaled by √wᵢ and added with `dsyrk`/`dgemv` (β = 1). This keeps
    /// the working set in cache and avoids a full scaled copy of A (96 MB at 10⁶ × 12),
    /// which made IRLS memory-bound.
    ///
    /// With `rows`, the equations are those of the listed rows only (`w` and `z` then hold one
    /// entry per listed row): the rows are gathered into the same block buffer, so a regression
    /// on part of a large design (the matched controls of a cell) never copies that part.
    ///
    /// With `columns`, the equations are those of the listed columns (in that order), gathered the same way.
    public func weightedNormalEquations(weights w: [Double], response z: [Double]?, rows selected: [Int]? = nil,
                                        columns kept: [Int]? = nil) -> (gram: Matrix, rhs: [Double]) {
        let e = normalEquations(weights: w, response: z, rows: selected, columns: kept, unweightedGram: false)
        return (e.gram, e.rhs)
    }

    /// `AᵀWA` and the unweighted `AᵀA` of the (listed) rows and columns in one pass: a weighted
    /// regression on rows scattered over a large design needs both (the rank of a design is judged
    /// on its unweighted rows, `RankDetection`), and gathering the rows is the cost of a pass.
    /// Each block is gathered once, added unscaled, then scaled by √wᵢ and added again, so each
    /// matrix is bit for bit what `weightedNormalEquations` gives for these weights and for unit
    /// weights (the same values in the same blocks through the same `dsyrk` calls).
    public func weightedAndUnweightedGram(weights w: [Double], rows selected: [Int]? = nil, columns kept: [Int]? = nil) -> (weighted: Matrix, unweighted: Matrix) {
        let e = normalEquations(weights: w, response: nil, rows: selected, columns: kept, unweightedGram: true)
        return (e.gram, e.unweighted!)
    }

    private func normalEquations(weights w: [Double], response z: [Double]?, rows selected: [Int]?, columns kept: [Int]?,
                                 unweightedGram: Bool) -> (gram: Matrix, rhs: [Double], unweighted: Matrix?) {
        let n = selected?.count ?? rows
        precondition(w.count == n && (z == nil || z!.count == n))
        // The gather below reads unchecked.
        precondition(selected.map { $0.allSatisfy { $0 >= 0 && $0 < rows } } ?? true && kept.map { $0.allSatisfy { $0 >= 0 && $0 < columns } } ?? true,
                     "no such row or column")
        let p = kept?.count ?? columns
        var gram = Matrix(rows: p, columns: p)
        var unweighted = unweightedGram ? gram : nil
        var rhs = [Double](repeating: 0, count: p)
        if p == 0 || n == 0 { return (gram, rhs, unweighted) }
        let blockSize = 2048
        var block = [Double](repeating: 0, count: blockSize * p)
        // The unscaled block, for the unweighted Gram: gathered with factor 1, as unit weights gather it.
        var plain = unweightedGram ? block : []
        let ones = [Double](repeating: 1, count: unweightedGram ? blockSize : 0)
        var zBlock = [Double](repeating: 0, count: blockSize)
        // √wᵢ once per row (not once per row and column: the scaling loop is memory-bound already).
        var rootW = [Double](repeating: 0, count: blockSize)
        var pp = Int32(p), one = 1.0, inc: Int32 = 1
        var trans = Int8(UInt8(ascii: "T"))
        withColumnReaders { a in
            var start = 0
            while start < n {
                let m = Swift.min(blockSize, n - start)
                var mm = Int32(m), lda = Int32(m)
                for i in 0..<m { rootW[i] = w[start + i].squareRoot() }
                // Block column j, row i: entry (row i of the block, column j) times factor r[i].
                func gather(into b: UnsafeMutableBufferPointer<Double>, times r: UnsafeBufferPointer<Double>) {
                    // Unchecked reads of the row list: the gather is the hot loop of a fit on a view.
                    Self.withRowList(selected) { at in
                        for j in 0..<p { a[kept?[j] ?? j].gather(m, from: start, rows: at, times: r.baseAddress!, into: b.baseAddress! + j * m) }
                    }
                }
                block.withUnsafeMutableBufferPointer { b in
                    rootW.withUnsafeBufferPointer { r in
                        if unweighted != nil {
                            plain.withUnsafeMutableBufferPointer { u in
                                ones.withUnsafeBufferPointer { gather(into: u, times: $0) }
                                Self.addCrossProduct(of: u, rows: m, to: &unweighted!)
                                for j in 0..<p { for i in 0..<m { b[j * m + i] = u[j * m + i] * r[i] } }
                            }
                        } else {
                            gather(into: b, times: r)
                        }
                    }
                    Self.addCrossProduct(of: b, rows: m, to: &gram)
                    if let z {
                        for i in 0..<m { zBlock[i] = z[start + i] * rootW[i] }
                        zBlock.withUnsafeBufferPointer { zb in
                            rhs.withUnsafeMutableBufferPointer { r in
                                _ = BLASSetup.done
                                dgemv_(&trans, &mm, &pp, &one, b.baseAddress, &lda, zb.baseAddress, &inc, &one, r.baseAddress, &inc, 1)
                            }
                        }
                    }
                }
                start += m
            }
        }
        gram.symmetrizeFromUpper()
        unweighted?.symmetrizeFromUpper()
        return (gram, rhs, unweighted)
    }

    /// Calls `body` with `count` ones (the factors of a plain `ColumnReader.gather`) and room for
    /// `count` gathered values: a column's values at a block of rows, read once per block.
    @inline(__always)
    static func withGatherBuffers<R>(_ count: Int, _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count) { buffer in
            let ones = buffer.baseAddress!, values = ones + count
            ones.initialize(repeating: 1, count: count)
            values.initialize(repeating: 0, count: count)
            return body(ones, values)
        }
    }

    /// Calls `body` with the row list's elements in memory, or nil without a list (all rows).
    @inline(__always)
    static func withRowList<R>(_ rows: [Int]?, _ body: (UnsafePointer<Int>?) -> R) -> R {
        guard let rows else { return body(nil) }
        return rows.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Adds BᵀB of the column-major block B (`rows` × the Gram's order) to the upper triangle of `gram` (`dsyrk`, β = 1).
    private static func addCrossProduct(of block: UnsafeMutableBufferPointer<Double>, rows m: Int, to gram: inout Matrix) {
        var n = Int32(gram.columns), k = Int32(m), lda = Int32(m), ldc = Int32(gram.columns), one = 1.0
        var uplo = Int8(UInt8(ascii: "U")), trans = Int8(UInt8(ascii: "T"))
        gram.storage.withUnsafeMutableBufferPointer { g in
            _ = BLASSetup.done
            dsyrk_(&uplo, &trans, &n, &k, &one, block.baseAddress, &lda, &one, g.baseAddress, &ldc, 1, 1)
        }
    }

    /// Multiplies row i by `factors[i]` in place.
    public mutating func scaleRows(by factors: [Double]) {
        precondition(factors.count == rows)
        precondition(!isCoded, "decode a coded matrix first")
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<columns {
                let base = j * rows
                for i in 0..<rows { p[base + i] *= factors[i] }
            }
        }
    }

    mutating func symmetrizeFromUpper() {
        for j in 0..<columns { for i in (j + 1)..<Swift.max(j + 1, rows) { self[i, j] = self[j, i] } }
    }
}
