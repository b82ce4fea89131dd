/// A weighted linear regression on fixed rows of a design, factorised once and solved for any
/// number of responses:
///
///     β(y) = (XᵀWX)⁻¹ XᵀW y   over the listed rows,
///
/// which is what R's `lm(y ~ X, weights = w)` (or a Gaussian `glm`) gives for each y. Why a
/// type of its own: the bias correction of a matching estimate regresses each outcome on the
/// covariates of the same matched rows with the same weights — at every month of an effect path
/// 32 outcomes on one matched set — and forming XᵀWX (n·p²/2 flops) dominates; here it is formed
/// once and each further outcome costs one pass XᵀWy (n·p flops) and a triangular solve (p²);
/// several outcomes given together share that pass (`coefficients(_:responses:)`), and their
/// predictions one pass Xβ (`predict(_:responses:atRows:)`). The rows and columns are read in
/// place (`MatrixView`): the design is never copied.
///
/// Numerics are those of `WeightedLeastSquares`: normal equations equilibrated to unit diagonal,
/// solved by Cholesky (relative accuracy about κ(X̃)²·ε; `WeightedLeastSquares` explains why that
/// suffices). Columns aliased among the rows (`RankDetection`, R's "first come, first kept"
/// rule with tolerance 1e-7 on the unweighted rows) get coefficient 0, as `lm`'s NA contributes
/// nothing to a prediction.
public struct WeightedLinearFit: Sendable {
    /// The regression's rows and columns of the design (`MatrixView`), read in place.
    let design: MatrixView
    let weights: [Double]?
    /// Columns of the view that are estimated, in order.
    public let keptColumns: [Int]
    let cholesky: Cholesky
    /// √ of the kept columns' diagonal of XᵀWX (the equilibration).
    let scale: [Double]

    /// - Parameters:
    ///   - design: the rows the regression uses and its columns (an intercept included if
    ///     wanted) of a larger design.
    ///   - weights: one positive weight per row of the view; nil for 1.
    /// - Throws: `ModelError.tooFewObservations` with fewer rows than estimable columns, and
    ///   `ModelError.singular` when the weighted cross-product is not positive definite.
    public init(design: MatrixView, weights: [Double]?) throws {
        precondition(weights == nil || weights!.count == design.rows)
        let ones = [Double](repeating: 1, count: design.rows)
        let gram: Matrix, aliased: [Int]
        if let weights, !design.isWhole {
            // The unweighted Gram the rank is judged on, formed in the gathered pass of XᵀWX.
            let grams = design.weightedAndUnweightedGram(weights: weights)
            gram = grams.weighted
            aliased = RankDetection.aliasedColumns(of: design, unweightedGram: grams.unweighted)
        } else {
            gram = design.weightedNormalEquations(weights: weights ?? ones, response: nil).gram
            aliased = weights == nil
                ? RankDetection.aliasedColumns(gram: gram, tolerance: RankDetection.defaultTolerance, design: .init(design))
                : RankDetection.aliasedColumns(of: design) // a whole matrix: its own cross-product
        }
        let kept = (0..<design.columns).filter { !aliased.contains($0) }
        let usable = (weights ?? ones).count(where: { $0 > 0 })
        if usable < kept.count { throw ModelError.tooFewObservations(observations: usable, coefficients: kept.count) }
        let scale = kept.map { gram[$0, $0] > 0 ? gram[$0, $0].squareRoot() : 1 }
        var reduced = Matrix(rows: kept.count, columns: kept.count)
        for (b, j) in kept.enumerated() { for (a, i) in kept.enumerated() { reduced[a, b] = gram[i, j] / (scale[a] * scale[b]) } }
        do { cholesky = try Cholesky(reduced) } catch {
            throw ModelError.singular("weighted cross-product of the regression not positive definite")
        }
        self.design = design
        self.weights = weights
        self.keptColumns = kept
        self.scale = scale
    }

    /// The coefficients for response `y` (one value per row of the view), 0 for aliased columns;
    /// with `responses` = B > 1, for B responses at once, side by side.
    ///
    /// Side by side means row-major: `y` holds response b of row i at `y[i * B + b]`, and the
    /// result coefficient j of response b at `[j * B + b]`; for B = 1 simply y and its
    /// coefficients. Several responses share one gathered pass XᵀWy over the rows
    /// (`Matrix.transposeMultiply(_:vectors:atRows:columns:)`), which is what a further response
    /// costs; each still meets exactly the operations it meets alone, so its coefficients are bit
    /// for bit those of a call for it alone.
    ///
    /// `y` is `consuming`: handed over, it is weighted in place (an effect path's eight responses
    /// at two million matched controls are 128 MB, and a weighted copy would double them).
    public func coefficients(_ y: consuming [Double], responses: Int = 1) -> [Double] {
        precondition(responses > 0 && y.count == design.rows * responses)
        var wy = consume y
        if let weights { for i in 0..<design.rows { for b in 0..<responses { wy[i * responses + b] = weights[i] * wy[i * responses + b] } } }
        let rhs = design.base.transposeMultiply(wy, vectors: responses, atRows: design.rowIndices ?? Array(0..<design.base.rows),
                                                columns: keptColumns.map(design.baseColumn))
        var beta = [Double](repeating: 0, count: design.columns * responses)
        for b in 0..<responses {
            let solved = cholesky.solve(keptColumns.indices.map { rhs[$0 * responses + b] / scale[$0] })
            for (k, j) in keptColumns.enumerated() { beta[j * responses + b] = solved[k] / scale[k] }
        }
        return beta
    }

    /// The fitted values Xβ at the given rows of the whole design (any rows, not only the
    /// fitted ones); with `responses` = B > 1, of B coefficient vectors side by side as
    /// `coefficients(_:responses:)` returns them, the result then holding the fitted value of
    /// response b at row k at `[k * B + b]`. The coefficients are spread over the design's columns:
    /// `multiply(_:vectors:atRows:)` skips the zeros, so each is the sum over the view's columns in
    /// their order, bit for bit as for one response alone.
    public func predict(_ coefficients: [Double], responses: Int = 1, atRows at: [Int]) -> [Double] {
        Self.predict([(self, coefficients)], responses: responses, atRows: at)[0]
    }

    /// The fitted values of several fits at the same rows, each as its `predict` gives them, in
    /// one pass over the rows: their coefficient vectors side by side in one gathered product
    /// (each vector meets exactly the operations it meets alone, `Matrix.multiply`). Why: the
    /// two outcome models of a matching estimate are both predicted at the treated rows, which
    /// lie scattered over a large design; one pass reads them once. The fits must be views of the
    /// same design.
    public static func predict(_ fits: [(fit: WeightedLinearFit, coefficients: [Double])], responses: Int, atRows at: [Int]) -> [[Double]] {
        precondition(responses > 0 && !fits.isEmpty)
        let base = fits[0].fit.design.base, total = fits.count * responses
        var full = [Double](repeating: 0, count: base.columns * total)
        for (f, (fit, coefficients)) in fits.enumerated() {
            precondition(fit.design.base.rows == base.rows && fit.design.base.columns == base.columns, "the fits are not views of one design")
            precondition(coefficients.count == fit.design.columns * responses)
            for j in 0..<fit.design.columns {
                for b in 0..<responses { full[fit.design.baseColumn(j) * total + f * responses + b] = coefficients[j * responses + b] }
            }
        }
        let together = base.multiply(full, vectors: total, atRows: at)
        if fits.count == 1 { return [together] }
        return fits.indices.map { f in
            var mine = [Double](repeating: 0, count: at.count * responses)
            for k in 0..<at.count { for b in 0..<responses { mine[k * responses + b] = together[k * total + f * responses + b] } }
            return mine
        }
    }
}

