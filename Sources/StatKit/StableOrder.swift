/// The positions of an array of doubles in ascending order, equal values by position: exactly
/// what a stable sort of the positions by value gives, found by a radix sort.
///
/// Why not `sorted`: the designs sort each subgroup cell's millions of propensity scores, and a
/// comparison sort (Swift's is a merge sort: 21 passes over 2.7 million entries, each comparison a
/// branch it cannot predict) took a few hundred milliseconds a cell. A least-significant-digit
/// radix sort on the values' bits takes four passes of 16-bit digits, skips the passes in which
/// every value has the same digit (the high bits of scores between 0 and 1 mostly agree), and
/// is stable, so equal values keep their positions' order.
///
/// The bits are mapped so that their unsigned order is the order of `<`: a non-negative value
/// gets its sign bit set, a negative one all its bits flipped, and −0 is read as +0 (which `<`
/// does not tell apart). `<` gives NaN no place; here every NaN comes after every number, in
/// position order (as R's `order` puts NA last).
public enum StableOrder {
    public static func ascending(_ values: [Double]) -> [Int] {
        ascending(keys: values.map { v -> UInt64 in
            if v.isNaN { return .max }
            let bits = (v + 0).bitPattern // + 0 turns −0 into +0
            return bits >> 63 == 1 ? ~bits : bits | 1 << 63
        })
    }

    /// The positions of unsigned keys in ascending order, equal keys by position (as a stable
    /// sort gives): the same radix sort. The canonical order of a cohort's persons sorts their
    /// content hashes so (a comparison sort of a million took a fifth of a second on one core).
    public static func ascending(keys: [UInt64]) -> [Int] {
        var keys = keys
        let n = keys.count
        precondition(n < Int(Int32.max), "too many values for 32-bit positions")
        var positions = (0..<n).map { Int32($0) }
        var keysOut = [UInt64](repeating: 0, count: n), positionsOut = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for shift in stride(from: 0, to: 64, by: 16) {
            counts.withUnsafeMutableBufferPointer { counts in
                counts.update(repeating: 0)
                keys.withUnsafeBufferPointer { k in for i in 0..<n { counts[Int(truncatingIfNeeded: k[i] >> UInt64(shift)) & 0xFFFF] += 1 } }
            }
            // A digit all values share leaves the order as it is.
            if counts.contains(n) { continue }
            counts.withUnsafeMutableBufferPointer { counts in
                var start = 0
                for d in 0..<counts.count { let c = counts[d]; counts[d] = start; start += c }
                keys.withUnsafeBufferPointer { k in
                    positions.withUnsafeBufferPointer { p in
                        keysOut.withUnsafeMutableBufferPointer { ko in
                            positionsOut.withUnsafeMutableBufferPointer { po in
                                for i in 0..<n {
                                    let d = Int(truncatingIfNeeded: k[i] >> UInt64(shift)) & 0xFFFF
                                    ko[counts[d]] = k[i]
                                    po[counts[d]] = p[i]
                                    counts[d] += 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysOut)
            swap(&positions, &positionsOut)
        }
        return positions.map { Int($0) }
    }
}
