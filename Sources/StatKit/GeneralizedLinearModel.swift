import Foundation

/// A generalised linear model fitted by iteratively reweighted least squares (IRLS).
///
/// The iteration is R's `glm.fit` step for step, so that coefficients and standard
/// errors agree with `glm()` to about 1e-8 relative:
/// - start from R's `mustart` (binomial: (w·y + ½)/(w + 1));
/// - each step solves the weighted least-squares problem with working response
///   zᵢ = ηᵢ − offsetᵢ + (yᵢ − μᵢ)/μ'(ηᵢ) and weights wᵢ μ'(ηᵢ)²/V(μᵢ);
/// - stop when |D − D_old| / (|D| + 0.1) < 1e-8 (R's `glm.control`), at most 25 steps;
/// - halve the step when the deviance is not finite or μ leaves the valid range;
/// - standard errors come from the weights of the last step, as `summary.glm` does.
/// Aliased columns (linear combinations of earlier ones) are detected first by
/// `RankDetection` and reported with NaN coefficients, as R reports `NA`.
public enum GeneralizedLinearModel {
    public struct Options: Sendable {
        /// Relative deviance change that counts as converged (R: `epsilon = 1e-8`).
        public var tolerance = 1e-8
        /// Maximum IRLS iterations (R: `maxit = 25`).
        public var maxIterations = 25
        /// Whether the design's first column is an intercept (affects the null deviance).
        public var hasIntercept = true
        /// Start from the outcome's weighted mean in every row, ȳ = Σwy/Σw (R: `glm(mustart =
        /// rep(weighted.mean(y, w), n))`), instead of R's default start, (wy + ½)/(w + 1) per row.
        ///
        /// Why: from the mean, the first step is a Newton step from the intercept-only model,
        /// near the maximum when the covariates explain little of the outcome (as a propensity
        /// model's do); from R's start, ¼ or ¾ for a 0/1 outcome, the first steps of a logit with
        /// a rare outcome mostly bring the intercept to the share. The propensity models of the
        /// eight estimates at 100k persons took 4–5 steps instead of 7–9 (row-steps −43 %). The maximum
        /// is the same; where the convergence test stops (a relative deviance change below
        /// `tolerance`) moves the coefficients by about 1e-7 relative: fitted values differ from a
        /// default-start fit's in their last digits, and what is derived from their order (a
        /// nearest-neighbour match can swap two nearly tied units) can differ by more. Ignored
        /// when ȳ is not a valid mean of the family (all 0 or all 1).
        public var startAtMean = false
        public init() {}
    }

    /// Fits the model.
    /// - Parameters:
    ///   - x: n × p design matrix; `columnNames` names its columns.
    ///   - y: outcome (binomial: 0/1 or a proportion with `weights` trials).
    ///   - weights: prior weights (default 1); zero weights drop a row from the fit.
    ///   - offset: known part of the linear predictor (default 0).
    public static func fit(
        x: Matrix, y: [Double], columnNames: [String], family: GLMFamily,
        weights: [Double]? = nil, offset: [Double]? = nil, options: Options = Options()
    ) throws -> GLMResults {
        try fit(x: MatrixView(x), y: y, columnNames: columnNames, family: family, weights: weights, offset: offset, options: options)
    }

    /// Fits the model on some rows and columns of a larger design, read in place (`MatrixView`):
    /// the same figures as a fit on a copy of them.
    public static func fit(
        x: MatrixView, y: [Double], columnNames: [String], family: GLMFamily,
        weights: [Double]? = nil, offset: [Double]? = nil, options: Options = Options()
    ) throws -> GLMResults {
        let n = x.rows
        precondition(y.count == n && columnNames.count == x.columns, "x, y and names do not match")
        let w = weights ?? [Double](repeating: 1, count: n)
        let off = offset ?? [Double](repeating: 0, count: n)
        try validate(y: y, weights: w, offset: off, family: family)
        let nUsable = w.count(where: { $0 > 0 })

        let aliased = RankDetection.aliasedColumns(of: x)
        let kept = (0..<x.columns).filter { !aliased.contains($0) }
        let xk = aliased.isEmpty ? x : x.selectingColumns(kept)
        if nUsable < kept.count { throw ModelError.tooFewObservations(observations: nUsable, coefficients: kept.count) }

        if family == .binomial, let sep = Separation.bySingleCovariate(x: xk, y: y, weights: w, names: kept.map { columnNames[$0] }) {
            throw ModelError.separation(covariate: sep.covariate, detail: sep.detail)
        }
        let core = try irls(x: xk, y: y, weights: w, offset: off, family: family, options: options, start: nil)

        // Null deviance: intercept-only fit (R refits when there is an offset).
        let nullDeviance: Double
        if options.hasIntercept && off.allSatisfy({ $0 == 0 }) {
            let sw = w.reduce(0, +)
            let mu0 = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sw
            nullDeviance = (0..<n).reduce(0) { $0 + family.devianceResidual(y: y[$1], mu: mu0, weight: w[$1]) }
        } else if options.hasIntercept {
            let ones = MatrixView(Matrix(rows: n, columns: 1, repeating: 1))
            nullDeviance = try irls(x: ones, y: y, weights: w, offset: off, family: family, options: options, start: nil).deviance
        } else {
            nullDeviance = (0..<n).reduce(0) { $0 + family.devianceResidual(y: y[$1], mu: family.linkInverse(off[$1]), weight: w[$1]) }
        }

        let rank = kept.count
        let residualDF = nUsable - rank
        let dispersion: Double
        if family.hasFixedDispersion {
            dispersion = 1
        } else {
            var ss = 0.0
            for i in 0..<n where w[i] > 0 {
                let r = (y[i] - core.mu[i]) / family.muEta(core.eta[i])
                ss += w[i] * r * r
            }
            dispersion = residualDF > 0 ? ss / Double(residualDF) : .nan
        }

        // Spread the kept coefficients back over all columns, NaN where aliased.
        var beta = [Double](repeating: .nan, count: x.columns)
        var se = [Double](repeating: .nan, count: x.columns)
        for (k, j) in kept.enumerated() {
            beta[j] = core.beta[k]
            se[j] = (dispersion * core.unscaledCovariance[k, k]).squareRoot()
        }
        let stat = zip(beta, se).map { $0 / $1 }
        let p: [Double] = stat.map {
            family.hasFixedDispersion
                ? Distributions.normalTwoSidedP($0)
                : Distributions.studentTTwoSidedP($0, degreesOfFreedom: Double(residualDF))
        }
        var covariance = core.unscaledCovariance
        for j in 0..<covariance.columns { for i in 0..<covariance.rows { covariance[i, j] *= dispersion } }

        var warnings = [String]()
        if !core.converged { warnings.append("IRLS did not converge in \(core.iterations) iterations") }
        if family == .binomial {
            let eps = 10 * Double.ulpOfOne
            if core.mu.contains(where: { $0 > 1 - eps || $0 < eps }) {
                if let sep = Separation.byDivergingCoefficient(x: xk, weights: w, names: kept.map { columnNames[$0] }, beta: core.beta) {
                    throw ModelError.separation(covariate: sep.covariate, detail: sep.detail)
                }
                warnings.append("fitted probabilities numerically 0 or 1 occurred")
            }
        }
        if !aliased.isEmpty {
            warnings.append("aliased (linear combination of earlier columns, coefficient not estimable): " +
                            aliased.map { columnNames[$0] }.joined(separator: ", "))
        }

        let aic = family.aicTerm(y: y, mu: core.mu, weights: w, deviance: core.deviance) + 2 * Double(rank)
        return GLMResults(
            family: family, columnNames: columnNames, coefficients: beta, standardErrors: se,
            testStatistics: stat, pValues: p, aliasedColumns: aliased.map { columnNames[$0] },
            keptColumns: kept, covariance: covariance,
            deviance: core.deviance, nullDeviance: nullDeviance,
            residualDegreesOfFreedom: residualDF, nullDegreesOfFreedom: nUsable - (options.hasIntercept ? 1 : 0),
            dispersion: dispersion, aic: aic, iterations: core.iterations, converged: core.converged,
            fittedValues: core.mu, linearPredictor: core.eta, observations: nUsable, warnings: warnings)
    }

    private static func validate(y: [Double], weights: [Double], offset: [Double], family: GLMFamily) throws {
        for i in y.indices {
            if !y[i].isFinite { throw ModelError.nonFinite(what: "outcome", row: i) }
            if !weights[i].isFinite || weights[i] < 0 { throw ModelError.nonFinite(what: "weight", row: i) }
            if !offset[i].isFinite { throw ModelError.nonFinite(what: "offset", row: i) }
            if family == .binomial && (y[i] < 0 || y[i] > 1) { throw ModelError.outcomeOutOfRange(row: i, value: y[i]) }
        }
    }

    struct Core {
        var beta: [Double]
        var eta: [Double]
        var mu: [Double]
        var deviance: Double
        var unscaledCovariance: Matrix
        var iterations: Int
        var converged: Bool
    }

    static func irls(x: MatrixView, y: [Double], weights w: [Double], offset: [Double], family: GLMFamily,
                     options: Options, start: [Double]?) throws -> Core {
        let n = x.rows
        var mu = (0..<n).map { family.startingMean(y: y[$0], weight: w[$0]) }
        if options.startAtMean {
            let sw = w.reduce(0, +), mean = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sw
            if sw > 0 && family.isValidMean(mean) { mu = [Double](repeating: mean, count: n) }
        }
        var eta = mu.map { family.link($0) }
        func deviance(_ mu: [Double]) -> Double {
            var d = 0.0
            for i in 0..<n { d += family.devianceResidual(y: y[i], mu: mu[i], weight: w[i]) }
            return d
        }
        var devOld = deviance(mu)
        var betaOld: [Double]? = start
        var z = [Double](repeating: 0, count: n), ww = [Double](repeating: 0, count: n)
        // Each step's linear predictor and means go into the arrays of the step before last, which
        // nothing holds any more: a fresh array per step is a fresh mapping the kernel zeroes.
        var etaNew = [Double](), muNew = [Double]()
        var result: Core?
        for iter in 1...options.maxIterations {
            for i in 0..<n {
                let me = family.muEta(eta[i])
                if w[i] > 0 && me != 0 {
                    z[i] = eta[i] - offset[i] + (y[i] - mu[i]) / me
                    ww[i] = w[i] * me * me / family.variance(mu[i])
                } else {
                    z[i] = 0; ww[i] = 0
                }
            }
            let step: WeightedLeastSquares
            do { step = try WeightedLeastSquares(x: x, z: z, w: ww) } catch {
                throw ModelError.singular("weighted cross-product not positive definite at IRLS step \(iter)")
            }
            var beta = step.coefficients
            func predict() {
                x.multiply(beta, into: &etaNew)
                for i in 0..<n { etaNew[i] += offset[i] }
                if muNew.count != n { muNew = [Double](repeating: 0, count: n) }
                for i in 0..<n { muNew[i] = family.linkInverse(etaNew[i]) }
            }
            predict()
            var dev = deviance(muNew)
            // Step halving, as glm.fit: only possible once a previous coefficient vector exists.
            var halvings = 0
            while (!dev.isFinite || !muNew.allSatisfy(family.isValidMean)), let old = betaOld {
                halvings += 1
                if halvings > options.maxIterations { throw ModelError.notConverged(iterations: iter) }
                beta = zip(beta, old).map { ($0 + $1) / 2 }
                predict()
                dev = deviance(muNew)
            }
            swap(&eta, &etaNew)
            swap(&mu, &muNew)
            let converged = abs(dev - devOld) / (abs(dev) + 0.1) < options.tolerance
            result = Core(beta: beta, eta: eta, mu: mu, deviance: dev, unscaledCovariance: step.unscaledCovariance,
                          iterations: iter, converged: converged)
            if converged { break }
            devOld = dev
            betaOld = beta
        }
        return result!
    }
}
