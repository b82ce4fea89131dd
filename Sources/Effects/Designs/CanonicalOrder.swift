import Cohort
import StatKit

/// The order in which the designs see a cohort's persons: by content.
///
/// A cohort file's row order follows the export (and `reval link` writes persons in the order
/// of their pseudonymous ids), so any computation that runs over persons in file order — a
/// GLM's sums, a content-keyed subsample, the bootstrap's draws, the tie keys of identical
/// rows — would make the estimate depend on the row order or on the ids. Sorting the persons by
/// a hash of everything the estimation reads, with the full content as tie-break, gives every
/// cohort with the same persons the same order; persons equal in all of it are
/// interchangeable, so their relative order cannot change any result. The tie-break reads the
/// providers too: only a subgroup by provider reads them, and there two persons alike in all
/// else are not interchangeable (each is a treated row of its own provider's cell, and which
/// one's earlier control rows a match takes decides whose rows the standard error sums).
/// The hash leaves them out, so the order of every other cohort stays as it was.
enum CanonicalOrder {
    /// The persons in canonical order, and each one's content hash (same order). `covariates`:
    /// the user-named covariates the estimate reads (those it does not read leave the order alone).
    ///
    /// The persons are put in order in place (`consuming`): a caller that hands over its only
    /// copy of the cohort holds one array of persons, not the file's order and the canonical
    /// one side by side (160 MB at national scale). A caller that keeps its copy gets a new one.
    static func sorted(_ cohort: consuming [CohortPerson], covariates: [String] = []) -> (persons: [CohortPerson], hashes: [UInt64]) {
        let used = Set(covariates.map(UserCovariates.name))
        // The content itself is kept only where two hashes are equal (it breaks the tie), not
        // for every person (hundreds of MB at national scale).
        let hashes = contentHashes(cohort, covariates: used)
        var persons = consume cohort
        // The order of a stable sort by hash (ties by position), by a radix sort.
        var order = StableOrder.ascending(keys: hashes)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && hashes[order[end]] == hashes[order[start]] { end += 1 }
            if end - start > 1 {
                let tied = order[start..<end].map { ($0, content(persons[$0], covariates: used) + providers(persons[$0])) }
                order.replaceSubrange(start..<end, with: tied.sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0))
            }
            start = end
        }
        permute(&persons, to: order)
        return (persons, order.map { hashes[$0] })
    }

    /// Each person's hash of `content`, on both cores, a chunk of persons each.
    private static func contentHashes(_ persons: [CohortPerson], covariates used: Set<String>) -> [UInt64] {
        let chunks = 16
        return ParallelMap.run(chunks) { c in
            persons[persons.count * c / chunks..<persons.count * (c + 1) / chunks].map { p -> UInt64 in
                var h = ContentHash()
                for v in content(p, covariates: used) { h.combine(v) }
                return h.value
            }
        }.flatMap { $0 }
    }

    /// Reorders `items` in place so that position k holds what was at `order[k]` (a permutation),
    /// one cycle of the permutation at a time: no second array is made, and each element is
    /// moved once, never copied. Why moves through the buffer rather than `swapAt`: a swap of two
    /// persons went through copies (each retaining and releasing every array and string of the
    /// person), about a second of one core at national scale while the other core waited.
    static func permute<T>(_ items: inout [T], to order: [Int]) {
        precondition(order.count == items.count)
        // The moves below are unchecked: an index out of range or repeated would corrupt memory.
        var placed = [Bool](repeating: false, count: order.count)
        for k in order { precondition(k >= 0 && k < order.count && !placed[k], "not a permutation"); placed[k] = true }
        placed = [Bool](repeating: false, count: order.count)
        items.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            for start in order.indices where !placed[start] {
                // The cycle start ← order[start] ← order[order[start]] ← … back to start: its first
                // element is taken out, each slot is then filled from the next, and the first goes
                // into the last slot. Every slot is initialized again before the buffer is handed back.
                let first = (base! + start).move()
                var k = start
                while order[k] != start {
                    (base! + k).moveInitialize(from: base! + order[k], count: 1)
                    placed[k] = true
                    k = order[k]
                }
                (base! + k).initialize(to: first)
                placed[k] = true
            }
        }
    }

    /// The providers of a person's first trajectories, by instrument, as integers (as `content`
    /// spells texts): the tie-break of persons equal in `content`.
    static func providers(_ p: CohortPerson) -> [Int] {
        p.providers.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { instrument, name in
            [-5] + instrument.rawValue.utf8.map(Int.init) + [-2] + name.utf8.map(Int.init)
        }
    }

    /// Everything the designs read of a person, as integers (codes by their spelling, not
    /// their declaration order, so adding a code does not reorder persons).
    static func content(_ p: CohortPerson, covariates: Set<String> = []) -> [Int] {
        var k = [p.inflowDate.dayNumber, p.age, p.monthsWorked24m, p.earlierSpells, p.followupMonths,
                 p.firstExitDays ?? -1, p.firstTrajectoryDays ?? -1]
        func text(_ s: String?) { k.append(-2); if let s { k += s.utf8.map(Int.init) } }
        text(p.sex.rawValue); text(p.educationLevel.rawValue); text(p.household?.rawValue); text(p.endReason?.rawValue)
        for (instrument, month) in p.instrumentStarts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            text(instrument.rawValue)
            k.append(month)
        }
        for c in p.covariates.sorted(by: { $0.name < $1.name }) where covariates.contains(c.name) {
            text(c.name)
            text(c.value)
            if c.value == nil { k.append(-4) }
        }
        k.append(-3)
        var word = 0, bits = 0
        for on in p.onBenefit {
            word = word << 1 | (on ? 1 : 0); bits += 1
            if bits == 62 { k.append(word); word = 0; bits = 0 }
        }
        k.append(word)
        return k
    }
}
