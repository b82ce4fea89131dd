// swift-tools-version:6.0
// reval — statistical evaluation engine for re-integration effectiveness.
// Dependencies run one way: CLapack ← StatKit ← TableKit ← Cohort ← Effects ← Finance ← Evaluation ← Reports ← reval
// (docs/ARCHITECTURE.md); CohortSimulation and Published stand beside them.
import PackageDescription

let package = Package(
    name: "reval",
    // macOS 15 for `Mutex` and `Atomic` of the Synchronization module (StatKit/ParallelMap.swift); on Linux they need nothing.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "reval", targets: ["reval"]),
        .library(name: "StatKit", targets: ["StatKit"]),
        .library(name: "TableKit", targets: ["TableKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // Debian's reference LAPACK/BLAS (liblapack-dev, libblas-dev), Fortran ABI, LP64.
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        // Numeric core: no domain words.
        .target(name: "StatKit", dependencies: ["CLapack"]),
        // Tables: CSV reading, typed columns, design matrices.
        .target(name: "TableKit", dependencies: ["StatKit"]),
        // Municipal benefits and re-integration data: ingestion, validation, linkage, the cohort file, description.
        .target(name: "Cohort", dependencies: ["StatKit", "TableKit"]),
        // The synthetic cohort with known effects (`reval simulate`) and its truth.
        .target(name: "CohortSimulation", dependencies: ["StatKit", "Cohort"]),
        // Designs and estimators on a cohort; effect tables and their application to counts of participants.
        .target(name: "Effects", dependencies: ["StatKit", "TableKit", "Cohort"]),
        // Break-even, BUIG own risk and safety net, savings.
        .target(name: "Finance"),
        // One evaluation: the strict config, the plan, and `Evaluation.run` (link → describe →
        // estimate → apply → finance) returning one result document; disclosure control.
        .target(name: "Evaluation", dependencies: [
            "StatKit", "TableKit", "Cohort", "Effects", "Finance",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Rendering: the report from the result document (Markdown, HTML, JSON, SVG), command summaries, provenance.
        .target(name: "Reports", dependencies: [
            "StatKit", "TableKit", "Cohort", "Effects", "Finance", "Evaluation",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Published figures and tables of the source documents: recompute (`verify`) and check sums (`audit`).
        .target(name: "Published", dependencies: ["TableKit", "Effects", "Finance"]),
        .executableTarget(
            name: "reval",
            dependencies: [
                "StatKit", "TableKit", "Cohort", "CohortSimulation", "Effects", "Finance", "Evaluation", "Reports", "Published",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Notebooks as scripts: each reproduces one publication with the library API.
        .executableTarget(name: "leiden-2014", dependencies: ["TableKit", "Cohort", "Effects", "Finance", "Reports", "Published"], path: "Notebooks/leiden-2014"),
        .executableTarget(name: "lv-2019-finance", dependencies: ["TableKit", "Cohort", "Finance", "Reports", "Published"], path: "Notebooks/lv-2019-finance"),
        .executableTarget(name: "voorschoten-2017", dependencies: ["Finance", "Published"], path: "Notebooks/voorschoten-2017"),
        .executableTarget(name: "lansingerland-2019", dependencies: ["TableKit", "Published"], path: "Notebooks/lansingerland-2019"),
        // Benchmark driver used by scripts/bench-logit; never run by the tests.
        .executableTarget(name: "reval-bench", dependencies: ["StatKit", "TableKit"], path: "Benchmarks/reval-bench"),
        // Fixtures the tests of several modules share (the shipped example, copies of its config).
        .target(name: "TestSupport", dependencies: ["StatKit"], path: "Tests/TestSupport"),
        .testTarget(name: "StatKitTests", dependencies: ["StatKit", "TestSupport"]),
        // Agreement with R (glm, sandwich, survival, MatchIt) on fixtures made by Fixtures/make-fixtures.R.
        .testTarget(name: "PeerAgreementTests", dependencies: ["StatKit", "TableKit", "Effects"], exclude: ["Fixtures"]),
        .testTarget(name: "TableKitTests", dependencies: ["TableKit"]),
        .testTarget(name: "RevalCLITests", dependencies: ["reval", "TestSupport", "leiden-2014", "lv-2019-finance", "voorschoten-2017", "lansingerland-2019"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Evaluation", "Finance", "Cohort", "TestSupport"]),
        .testTarget(name: "PublishedTests", dependencies: ["Published", "Reports", "TableKit", "Cohort", "Effects", "Finance"]),
        .testTarget(name: "EffectsTests", dependencies: ["Effects", "Cohort", "CohortSimulation"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort", "CohortSimulation"]),
        .testTarget(name: "FinanceTests", dependencies: ["Finance"]),
    ]
)
