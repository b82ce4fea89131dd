/// Greedy nearest-neighbour matching of treated to control units on a scalar distance
/// (e.g. the propensity score), in O(n log n).
///
/// Order: treated units are matched one at a time in descending order of their score
/// (MatchIt's default `m.order = "largest"`), ties by `tieKey`. Each takes the available
/// control with the nearest score; equal distances go to the control with the smaller
/// score, then the smaller `tieKey`. With `ratio` k > 1 the matching runs k rounds, every
/// treated unit taking its next control in each round (as MatchIt does). Controls are sorted
/// once; without replacement, used controls are skipped with two "next available" arrays
/// (union–find with path compression), so a query costs amortised O(α(n)) after the sort.
///
/// Row-order independence: the result depends on the data only through scores and tie
/// keys. Callers pass tie keys derived from the units' values (not their row numbers), so
/// shuffling the rows gives the same matches. MatchIt breaks ties by row order instead;
/// `tieKey` = row number reproduces it.
public struct GreedyMatching: Sendable {
    public struct Options: Sendable {
        public var ratio = 1
        public var replace = false
        /// Maximum |score difference| for a match; nil for none.
        public var caliper: Double?
        /// With replacement and ratio 1: match each treated unit to *all* controls tied at the
        /// nearest distance, each with weight 1/ties (Abadie & Imbens 2006; `ties = TRUE` in R's
        /// Matching). This makes the result independent of row order even among controls with
        /// identical covariates.
        public var averageTies = true
        /// Take the nearest available control *below* the treated unit's score whenever one
        /// exists, else the one above: what MatchIt 4.5.1's `nn_matchC_vec` does, because it
        /// compares distances with C's integer `abs()`, which truncates every difference of
        /// propensity scores to 0. For side-by-side checks with MatchIt only.
        public var preferLower = false
        public init(ratio: Int = 1, replace: Bool = false, caliper: Double? = nil, preferLower: Bool = false) {
            self.ratio = ratio
            self.replace = replace
            self.caliper = caliper
            self.preferLower = preferLower
        }
    }

    /// For each treated unit (indexing `treatedScores`), the indices of its matched controls.
    public let matches: [[Int]]
    /// Treated units left without any control because no control was within the caliper.
    public var unmatchedTreated: [Int] { matches.indices.filter { matches[$0].isEmpty } }

    public init(treatedScores t: [Double], controlScores c: [Double], treatedTieKeys: [Double], controlTieKeys: [Double], options: Options) {
        precondition(t.count == treatedTieKeys.count && c.count == controlTieKeys.count)
        self.init(treatedScores: t, controlScores: c, treatedTieKeys: treatedTieKeys, controlTieKeys: controlTieKeys,
                  treatedOrder: t.indices.sorted { (t[$0], -treatedTieKeys[$0]) > (t[$1], -treatedTieKeys[$1]) },
                  controlOrder: c.indices.sorted { (c[$0], controlTieKeys[$0]) < (c[$1], controlTieKeys[$1]) },
                  options: options)
    }

    /// Matching with the sort done by the caller (who matches many subsets of one sorted set):
    /// `controlOrder` lists the controls ascending by (score, tie key), `treatedOrder` the treated
    /// descending by score and ascending by tie key, ties of both by index (a stable sort's order).
    public init(treatedScores t: [Double], controlScores c: [Double], treatedTieKeys: [Double], controlTieKeys: [Double],
                treatedOrder torder: [Int], controlOrder corder: [Int], options: Options) {
        precondition(t.count == treatedTieKeys.count && c.count == controlTieKeys.count && options.ratio >= 1)
        precondition(torder.count == t.count && corder.count == c.count)
        let sorted = corder.map { c[$0] }
        var matches = [[Int]](repeating: [], count: t.count)
        // next[i]: smallest available position ≥ i (n = none); prev[i]: largest available position ≤ i (-1 = none), stored +1.
        let n = sorted.count
        var next = Array(0...n), prev = Array(0...n) // prev uses positions shifted by one: prev[i+1] ↔ i
        func findNext(_ i: Int) -> Int {
            var r = i
            while next[r] != r { r = next[r] }
            var j = i
            while next[j] != r { let k = next[j]; next[j] = r; j = k }
            return r
        }
        func findPrev(_ i: Int) -> Int { // i in -1..<n
            var r = i + 1
            while prev[r] != r { r = prev[r] }
            var j = i + 1
            while prev[j] != r { let k = prev[j]; prev[j] = r; j = k }
            return r - 1
        }
        func remove(_ pos: Int) {
            next[pos] = pos + 1
            prev[pos + 1] = pos
        }
        let sortedKeys = corder.map { controlTieKeys[$0] }
        /// First position whose (score, tie key) exceeds (x, key): controls tied on the score sort by key.
        func lowerBound(_ x: Double, _ key: Double) -> Int {
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if (sorted[mid], sortedKeys[mid]) < (x, key) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        if options.replace && !(options.averageTies && options.ratio == 1) && !options.preferLower {
            // With replacement the treated do not compete: each takes its `ratio` nearest
            // controls in one walk out from its place (round r of the rounds below takes the
            // (r+1)-th step of the same walk), stopping at the first beyond the caliper.
            for ti in torder {
                let x = t[ti], p = lowerBound(x, treatedTieKeys[ti])
                var left = p - 1, right = p
                for _ in 0..<options.ratio {
                    let dl = left >= 0 ? x - sorted[left] : .infinity
                    let dr = right < n ? sorted[right] - x : .infinity
                    if !dl.isFinite && !dr.isFinite { break }
                    let best: Int
                    if dl <= dr { best = left; left -= 1 } else { best = right; right += 1 }
                    if let cal = options.caliper, abs(sorted[best] - x) > cal { break }
                    matches[ti].append(corder[best])
                }
            }
            self.matches = matches
            return
        }
        for round in 0..<options.ratio {
            for ti in torder {
                if round > 0 && matches[ti].count < round { continue } // failed an earlier round
                let x = t[ti]
                let p = lowerBound(x, treatedTieKeys[ti])
                var right = p, left = p - 1
                if !options.replace {
                    right = findNext(p)
                    left = findPrev(p - 1)
                }
                var best = -1
                if options.replace && round > 0 {
                    // With replacement, round r takes the (r+1)-th nearest control.
                    best = Self.kthNearest(sorted, x, p, k: round)
                } else {
                    let dl = left >= 0 ? x - sorted[left] : .infinity
                    let dr = right < n ? sorted[right] - x : .infinity
                    if options.preferLower && left >= 0 { best = left }
                    else if dl.isFinite || dr.isFinite { best = dl <= dr ? left : right }
                }
                guard best >= 0 else { continue }
                if let cal = options.caliper, abs(sorted[best] - x) > cal { continue }
                if options.replace && options.averageTies && options.ratio == 1 {
                    // Every control at the same distance: walk out from `best` on both sides of x.
                    let d = abs(sorted[best] - x)
                    var lo = p - 1
                    while lo >= 0 && x - sorted[lo] <= d { if x - sorted[lo] == d { matches[ti].append(corder[lo]) }; lo -= 1 }
                    var hi = p
                    while hi < n && sorted[hi] - x <= d { if sorted[hi] - x == d { matches[ti].append(corder[hi]) }; hi += 1 }
                    continue
                }
                matches[ti].append(corder[best])
                if !options.replace { remove(best) }
            }
        }
        self.matches = matches
    }

    /// Position of the (k+1)-th nearest score to x among all controls (k = 0 nearest), ties to the left.
    static func kthNearest(_ s: [Double], _ x: Double, _ p: Int, k: Int) -> Int {
        var left = p - 1, right = p, found = -1
        for _ in 0...k {
            let dl = left >= 0 ? x - s[left] : .infinity
            let dr = right < s.count ? s[right] - x : .infinity
            if !dl.isFinite && !dr.isFinite { return -1 }
            if dl <= dr { found = left; left -= 1 } else { found = right; right += 1 }
        }
        return found
    }
}
