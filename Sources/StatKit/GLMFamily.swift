import Foundation

/// The error distribution and link of a generalised linear model.
///
/// Each function reproduces R's `family` object (`stats::binomial()`,
/// `stats::gaussian()`) exactly, including the clamping in R's C code for the
/// logit link, so that IRLS follows the same path as `glm.fit`.
public enum GLMFamily: String, Sendable, CaseIterable, Codable {
    /// Bernoulli/binomial outcome in [0, 1], logit link.
    case binomial
    /// Normal outcome, identity link.
    case gaussian

    /// Whether the dispersion is fixed at 1 (binomial) or estimated (gaussian).
    public var hasFixedDispersion: Bool { self == .binomial }

    // R's logit_linkinv clamps |eta| > 30 (src/library/stats/src/family.c).
    private static let threshold = 30.0
    private static let epsilon = Double.ulpOfOne

    func linkInverse(_ eta: Double) -> Double {
        switch self {
        case .gaussian: return eta
        case .binomial:
            let t = eta < -Self.threshold ? Self.epsilon : (eta > Self.threshold ? 1 / Self.epsilon : exp(eta))
            return t / (1 + t)
        }
    }

    func link(_ mu: Double) -> Double {
        switch self {
        case .gaussian: return mu
        case .binomial: return log(mu / (1 - mu))
        }
    }

    /// dμ/dη.
    func muEta(_ eta: Double) -> Double {
        switch self {
        case .gaussian: return 1
        case .binomial:
            if eta > Self.threshold || eta < -Self.threshold { return Self.epsilon }
            let e = exp(eta), ope = 1 + e
            return e / (ope * ope)
        }
    }

    func variance(_ mu: Double) -> Double {
        switch self {
        case .gaussian: return 1
        case .binomial: return mu * (1 - mu)
        }
    }

    /// Unit deviance contribution of one observation with prior weight `w`.
    func devianceResidual(y: Double, mu: Double, weight w: Double) -> Double {
        switch self {
        case .gaussian:
            let r = y - mu
            return w * r * r
        case .binomial:
            func ylogy(_ y: Double, _ mu: Double) -> Double { y != 0 ? y * log(y / mu) : 0 }
            return 2 * w * (ylogy(y, mu) + ylogy(1 - y, 1 - mu))
        }
    }

    /// R's `mustart` for this family.
    func startingMean(y: Double, weight w: Double) -> Double {
        switch self {
        case .gaussian: return y
        case .binomial: return (w * y + 0.5) / (w + 1)
        }
    }

    func isValidMean(_ mu: Double) -> Bool {
        switch self {
        case .gaussian: return mu.isFinite
        case .binomial: return mu.isFinite && mu > 0 && mu < 1
        }
    }

    /// −2 log-likelihood part of the AIC, as R's `family$aic` (without the 2·rank term).
    func aicTerm(y: [Double], mu: [Double], weights: [Double], deviance: Double) -> Double {
        switch self {
        case .gaussian:
            let nobs = Double(weights.count(where: { $0 > 0 }))
            let sumLogW = weights.filter { $0 > 0 }.reduce(0) { $0 + log($1) }
            return nobs * (log(2 * Double.pi * deviance / nobs) + 1) + 2 - sumLogW
        case .binomial:
            // R: m = weights (for a 0/1 or proportion outcome);
            // -2 Σ (wt/m) dbinom(round(m y), round(m), mu, log = TRUE), with wt/m = 1 where m > 0.
            var total = 0.0
            for i in y.indices where weights[i] > 0 {
                let m = weights[i].rounded(), k = (weights[i] * y[i]).rounded()
                total += -2 * logBinomialPMF(k: k, n: m, p: mu[i])
            }
            return total
        }
    }
}

/// log of the binomial probability mass, with the 0·log 0 = 0 convention.
func logBinomialPMF(k: Double, n: Double, p: Double) -> Double {
    let logChoose = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    let a = k > 0 ? k * log(p) : 0
    let b = n - k > 0 ? (n - k) * log1p(-p) : 0
    return logChoose + a + b
}
