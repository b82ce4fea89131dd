@testable import StatKit
import XCTest

/// The BLAS settled before the first call (`BLASSetup`, `BLASKernel`).
final class BLASKernelTests: XCTestCase {
    /// First calls from several threads at once settle the BLAS once and give what serial calls give, bit for bit.
    func testFirstCallsFromSeveralThreadsAgreeWithSerialCalls() {
        var g = SeededGenerator(seed: 11)
        let a = Matrix(rows: 300, columns: 40, columnMajor: (0..<12_000).map { _ in Double.random(in: -1...1, using: &g) })
        let b = Matrix(rows: 40, columns: 30, columnMajor: (0..<1_200).map { _ in Double.random(in: -1...1, using: &g) })
        let x = (0..<40).map { Double($0) / 7 - 2 }
        let w = [Double](repeating: 1, count: 300)
        @Sendable func product(_ i: Int) -> [UInt64] {
            switch i % 3 {
            case 0: return (a * b).storage.map(\.bitPattern)
            case 1: return a.multiply(x).map(\.bitPattern)
            default: return a.weightedNormalEquations(weights: w, response: nil).gram.storage.map(\.bitPattern)
            }
        }
        let concurrent = ParallelMap.run(16) { product($0) }
        for i in 0..<16 { XCTAssertEqual(concurrent[i], product(i), "piece \(i)") }
    }

    /// On a CPU with AVX2 and FMA, OpenBLAS runs the Haswell kernels unless the user named others,
    /// and the process's environment is as it was.
    func testOpenBLASRunsTheHaswellKernelsWhereTheCPUAllows() throws {
        _ = BLASSetup.done
        let named = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""
        guard let kernels = BLASKernel.openBLASKernels, BLASKernel.cpuRunsPinnedKernels, named.isEmpty else {
            throw XCTSkip("not OpenBLAS, a CPU without AVX2 and FMA, or OPENBLAS_CORETYPE set")
        }
        XCTAssertEqual(kernels, "Haswell")
        XCTAssertNil(getenv("OPENBLAS_CORETYPE"))
        let current = try XCTUnwrap(BLASKernel.current)
        XCTAssertTrue(current.hasPrefix("OpenBLAS ") && current.hasSuffix(", Haswell kernels"), current)
    }
}
