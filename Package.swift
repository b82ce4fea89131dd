// swift-tools-version:5.10
// reval — statistical evaluation engine for re-integration effectiveness.
// Dependencies run one way: CLapack ← StatKit ← TableKit ← (domain modules) ← reval.
import PackageDescription

let package = Package(
    name: "reval",
    platforms: [.macOS(.v13)],
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
        // Municipal benefits and re-integration data: ingestion, validation, linkage, description, simulation.
        .target(name: "Cohort", dependencies: ["StatKit", "TableKit"]),
        // Effect tables and their application to counts of participants.
        .target(name: "Effects", dependencies: ["StatKit", "TableKit", "Cohort"]),
        // Break-even, BUIG own risk and safety net, savings.
        .target(name: "Finance"),
        // Report model and renderers (text, Markdown, JSON); published figures, verify and audit.
        .target(name: "Reports", dependencies: [
            "StatKit", "TableKit", "Cohort", "Effects", "Finance",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(
            name: "reval",
            dependencies: [
                "StatKit", "TableKit", "Cohort", "Effects", "Finance", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Notebooks as scripts: each reproduces one publication with the library API.
        .executableTarget(name: "leiden-2014", dependencies: ["Cohort", "Effects", "Finance", "Reports"], path: "Notebooks/leiden-2014"),
        .executableTarget(name: "lv-2019-finance", dependencies: ["Cohort", "Finance", "Reports"], path: "Notebooks/lv-2019-finance"),
        .executableTarget(name: "voorschoten-2017", dependencies: ["Finance", "Reports"], path: "Notebooks/voorschoten-2017"),
        .executableTarget(name: "lansingerland-2019", dependencies: ["Reports"], path: "Notebooks/lansingerland-2019"),
        // Benchmark driver used by scripts/bench-logit; never run by the tests.
        .executableTarget(name: "reval-bench", dependencies: ["StatKit", "TableKit"], path: "Benchmarks/reval-bench"),
        .testTarget(name: "StatKitTests", dependencies: ["StatKit"]),
        // Agreement with R (glm, sandwich, survival, MatchIt) on fixtures made by Fixtures/make-fixtures.R.
        .testTarget(name: "PeerAgreementTests", dependencies: ["StatKit", "TableKit", "Effects"], exclude: ["Fixtures"]),
        .testTarget(name: "TableKitTests", dependencies: ["TableKit"]),
        .testTarget(name: "RevalCLITests", dependencies: ["reval", "leiden-2014", "lv-2019-finance", "voorschoten-2017", "lansingerland-2019"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Finance", "Cohort"]),
        .testTarget(name: "EffectsTests", dependencies: ["Effects", "Cohort"]),
        .testTarget(name: "CohortTests", dependencies: ["Cohort"]),
        .testTarget(name: "FinanceTests", dependencies: ["Finance"]),
    ]
)
