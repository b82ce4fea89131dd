/// The Kaplan–Meier estimate of a survival function with Greenwood's variance,
/// and the restricted mean survival time (RMST) with its standard error.
///
/// At each distinct event time tᵢ with nᵢ at risk and dᵢ events,
/// S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ) and Var S(t) = S(t)² Σ_{tᵢ ≤ t} dᵢ/(nᵢ(nᵢ − dᵢ))
/// (Greenwood 1926). Subjects censored at tᵢ count as at risk at tᵢ.
/// RMST(τ) = ∫₀^τ S(u) du, with Var = Σ_{tᵢ ≤ τ} Aᵢ² dᵢ/(nᵢ(nᵢ − dᵢ)),
/// Aᵢ = ∫_{tᵢ}^τ S(u) du — the estimator R's `print(survfit(...), rmean = τ)` reports.
public struct KaplanMeier: Sendable {
    /// Distinct times at which at least one event happened, ascending.
    public let eventTimes: [Double]
    public let atRisk: [Double]
    public let events: [Double]
    /// S just after each event time.
    public let survival: [Double]
    /// Greenwood standard error of S at each event time.
    public let standardErrors: [Double]

    /// - Parameters:
    ///   - times: follow-up time of each subject.
    ///   - events: true where the time is an event, false where it is censored.
    ///   - weights: optional case weights (e.g. inverse-probability weights); at-risk and
    ///     event counts become weight sums.
    public init(times: [Double], events observed: [Bool], weights: [Double]? = nil) {
        precondition(times.count == observed.count)
        let w = weights ?? [Double](repeating: 1, count: times.count)
        let order = times.indices.sorted { times[$0] < times[$1] }
        var remaining = w.reduce(0, +)
        var t = [Double](), r = [Double](), d = [Double](), s = [Double](), se = [Double]()
        var surv = 1.0, greenwood = 0.0
        var k = 0
        while k < order.count {
            let time = times[order[k]]
            var dk = 0.0, leaving = 0.0
            while k < order.count && times[order[k]] == time {
                let i = order[k]
                leaving += w[i]
                if observed[i] { dk += w[i] }
                k += 1
            }
            if dk > 0 {
                surv *= 1 - dk / remaining
                if remaining > dk { greenwood += dk / (remaining * (remaining - dk)) }
                t.append(time); r.append(remaining); d.append(dk); s.append(surv)
                se.append(surv * greenwood.squareRoot())
            }
            remaining -= leaving
        }
        eventTimes = t; atRisk = r; events = d; survival = s; standardErrors = se
    }

    /// S(t), a right-continuous step function (1 before the first event).
    public func survival(at time: Double) -> Double {
        var lo = 0, hi = eventTimes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if eventTimes[mid] <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 1 : survival[lo - 1]
    }

    /// Restricted mean survival time up to `horizon` and its standard error.
    public func restrictedMean(horizon tau: Double) -> (estimate: Double, standardError: Double) {
        // Breakpoints 0 = u₀ < u₁ < … < u_m ≤ τ at the event times, S constant in between.
        let idx = eventTimes.indices.filter { eventTimes[$0] <= tau }
        var area = 0.0, previousTime = 0.0, previousS = 1.0
        var pieces = [Double]() // area of S over [t_i, t_{i+1}) for each event time in idx
        for i in idx {
            area += previousS * (eventTimes[i] - previousTime)
            previousTime = eventTimes[i]; previousS = survival[i]
        }
        area += previousS * (tau - previousTime)
        for (pos, i) in idx.enumerated() {
            let next = pos + 1 < idx.count ? eventTimes[idx[pos + 1]] : tau
            pieces.append(survival[i] * (next - eventTimes[i]))
        }
        var variance = 0.0, tail = 0.0
        for pos in stride(from: idx.count - 1, through: 0, by: -1) {
            tail += pieces[pos]
            let i = idx[pos]
            if atRisk[i] > events[i] { variance += tail * tail * events[i] / (atRisk[i] * (atRisk[i] - events[i])) }
        }
        return (area, variance.squareRoot())
    }
}
