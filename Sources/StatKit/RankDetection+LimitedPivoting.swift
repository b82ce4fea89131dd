extension RankDetection {
    /// The aliased columns of the m × p matrix `a` (column-major, leading dimension `ld`, changed
    /// in place), decided as R's `lm` and `glm` decide them: LINPACK's Householder QR with R's
    /// limited pivoting (`dqrdc2`, R's src/appl/dqrdc2.f), ported step for step.
    ///
    /// Columns are taken left to right. Before column l gets its Householder reflection, the
    /// norm of what is left of it (below row l, after the reflections of the columns kept before
    /// it) is compared with its original norm; while that fraction is below `tolerance`, column l
    /// is moved to the end and the next one takes its place. A dependent column therefore never
    /// gets a reflection built from its rounding noise, which in a plain QR takes a dimension away
    /// from the columns after it: with few rows, those are then judged on what is left of them in
    /// the dimensions remaining and can be flagged wrongly (five rows, six columns, one of them a
    /// sum of two others, was such a case). Columns at or beyond the rank min(number kept, m) are
    /// aliased: with fewer rows than columns, the last ones cannot be estimated.
    ///
    /// Called on the R of a QR of the design (`aliasedColumnsByQR`), which has the design's
    /// column norms and angles (RᵀR = XᵀX, QR being backward stable whatever the rank), so the
    /// decisions are the design's at a cost of p³ instead of n·p².
    ///
    /// The remaining norms are downdated after each reflection, and recomputed when the update
    /// would lose more than 1e-6 of them to cancellation (Bates's fix of 1999, as in R).
    static func aliasedByLimitedPivoting(_ a: UnsafeMutablePointer<Double>, rows m: Int, columns p: Int, ld: Int, tolerance: Double) -> [Int] {
        func norm(_ j: Int, from i0: Int) -> Double {
            // As BLAS dnrm2: scaled, so that neither the squares overflow nor underflow.
            var scale = 0.0, ssq = 1.0
            for i in Swift.max(i0, 0)..<m where a[j * ld + i] != 0 {
                let v = abs(a[j * ld + i])
                if scale < v { ssq = 1 + ssq * (scale / v) * (scale / v); scale = v } else { ssq += (v / scale) * (v / scale) }
            }
            return scale * ssq.squareRoot()
        }
        var pivot = Array(0..<p)
        var remaining = (0..<p).map { norm($0, from: 0) }
        var original = remaining.map { $0 == 0 ? 1 : $0 }
        // `k`: one more than the columns not moved to the end (1-based in dqrdc2).
        var k = p + 1
        for l in 0..<Swift.min(m, p) {
            while l + 1 < k && remaining[l] < original[l] * tolerance {
                // Column l to the end, the columns after it one place to the left.
                for i in 0..<m {
                    let t = a[l * ld + i]
                    for j in (l + 1)..<p { a[(j - 1) * ld + i] = a[j * ld + i] }
                    a[(p - 1) * ld + i] = t
                }
                pivot.append(pivot.remove(at: l))
                remaining.append(remaining.remove(at: l))
                original.append(original.remove(at: l))
                k -= 1
            }
            guard l != m - 1 else { continue }
            var nrmxl = norm(l, from: l)
            guard nrmxl != 0 else { continue }
            let ll = l * ld + l
            if a[ll] != 0 { nrmxl = a[ll] < 0 ? -abs(nrmxl) : abs(nrmxl) }
            for i in l..<m { a[l * ld + i] *= 1 / nrmxl }
            a[ll] = 1 + a[ll]
            for j in (l + 1)..<p {
                var dot = 0.0
                for i in l..<m { dot += a[l * ld + i] * a[j * ld + i] }
                let t = -dot / a[ll]
                for i in l..<m { a[j * ld + i] += t * a[l * ld + i] }
                guard remaining[j] != 0 else { continue }
                let left = Swift.max(1 - (abs(a[j * ld + l]) / remaining[j]) * (abs(a[j * ld + l]) / remaining[j]), 0)
                remaining[j] = abs(left) < 1e-6 ? norm(j, from: l + 1) : remaining[j] * left.squareRoot()
            }
            a[ll] = -nrmxl
        }
        let rank = Swift.min(k - 1, m)
        return pivot[rank...].sorted()
    }
}
