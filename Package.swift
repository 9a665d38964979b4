// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Allmenning",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "allmenning", targets: ["allmenning"]),
        .library(name: "AllmenningCore", targets: ["AllmenningCore"]),
        .library(name: "AllmenningGit", targets: ["AllmenningGit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // SHA-256 of access tokens and session ids, HMAC of webhook bodies, scrypt of passwords
        // (_CryptoExtras, on BoringSSL; in 3.12 and later). Hummingbird's dependencies already
        // resolve it at 4.x, which keeps 3.x's API.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found through pkg-config.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Snowball's stemmers (Debian's libstemmer-dev has no pkg-config file).
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        .target(
            name: "AllmenningCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                "CLibXML2",
                "CCmarkGFM",
            ]
        ),
        // Swift over libgit2; knows nothing about resources.
        .target(name: "AllmenningGit", dependencies: ["CGit2"]),
        // What teachers do with resource repositories: fork, sync, publish, history.
        .target(name: "AllmenningAuthoring", dependencies: ["AllmenningCore", "AllmenningGit"]),
        // Reviews: attestations about one commit, signed with the installation's Ed25519 key
        // and kept as git notes. Plugins never see it.
        .target(name: "AllmenningReviews", dependencies: [
            "AllmenningCore", "AllmenningGit", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The catalogue: SQLite through GRDB (WAL, FTS5, migrations), the indexer, search.
        .target(name: "AllmenningCatalogue", dependencies: [
            "AllmenningCore", "AllmenningGit", "AllmenningAuthoring", "AllmenningReviews", "CStemmer",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // HTTP (Hummingbird): the web pages, the JSON API, OAI-PMH (OAI/, free of the HTTP framework), git over HTTP, webhooks.
        .target(name: "AllmenningServer", dependencies: [
            "AllmenningCore", "AllmenningGit", "AllmenningCatalogue", "AllmenningReviews", "CLibXML2", "Licensing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Templates"), .copy("Static")]),
        .executableTarget(
            name: "allmenning",
            dependencies: [
                "AllmenningCore",
                "AllmenningGit",
                "AllmenningAuthoring",
                "AllmenningCatalogue",
                "AllmenningReviews",
                "AllmenningServer",
                "Accessibility",
                "CompetenceAims",
                "Licensing",
                "Privacy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Validator plugins: one library target each, depending on AllmenningCore only.
        .target(name: "Accessibility", dependencies: ["AllmenningCore"], path: "Plugins/Accessibility"),
        .target(name: "CompetenceAims", dependencies: ["AllmenningCore"], path: "Plugins/CompetenceAims"),
        .target(name: "Licensing", dependencies: ["AllmenningCore"], path: "Plugins/Licensing"),
        .target(name: "Privacy", dependencies: ["AllmenningCore"], path: "Plugins/Privacy"),
        // Printed figures, run by Scripts/benchmark-git.sh; not part of the tests.
        .executableTarget(name: "allmenning-git-benchmark", dependencies: ["AllmenningGit"], path: "Benchmarks/GitReadBenchmark"),
        // Run by Scripts/benchmark-accessibility.sh and Scripts/axe-comparison.sh.
        .executableTarget(name: "allmenning-accessibility-benchmark", dependencies: ["Accessibility", "AllmenningCore", "CLibXML2"],
                          path: "Benchmarks/AccessibilityBenchmark"),

        // Run by Scripts/benchmark-catalogue.sh.
        .executableTarget(name: "allmenning-catalogue-benchmark", dependencies: ["AllmenningCatalogue", "AllmenningCore", "AllmenningGit"],
                          path: "Benchmarks/CatalogueBenchmark"),

        .testTarget(
            name: "AllmenningCoreTests",
            dependencies: ["AllmenningCore"],
            resources: [.copy("Fixtures")]
        ),
        // The git command line and an HTTP git server as the other side in tests.
        .target(name: "GitTestSupport", path: "Tests/GitTestSupport"),
        .testTarget(
            name: "AllmenningGitTests",
            dependencies: ["AllmenningGit", "GitTestSupport", "CGit2"]
        ),
        .testTarget(
            name: "AllmenningAuthoringTests",
            dependencies: ["AllmenningAuthoring", "AllmenningCore", "AllmenningGit", "GitTestSupport"]
        ),
        .testTarget(
            name: "AllmenningReviewsTests",
            dependencies: ["AllmenningReviews", "AllmenningCore", "AllmenningGit", "GitTestSupport"]
        ),
        .testTarget(
            name: "SystemLibrariesTests",
            dependencies: ["CGit2", "CSQLite", "CLibXML2"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["AllmenningCore", "AllmenningCatalogue", "AllmenningReviews", "GitTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "AllmenningCatalogueTests",
            dependencies: ["AllmenningCatalogue", "AllmenningCore", "AllmenningGit", "AllmenningReviews", "GitTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "AllmenningServerTests",
            dependencies: ["AllmenningServer", "AllmenningCatalogue", "AllmenningCore", "AllmenningGit", "AllmenningReviews", "Accessibility", "GitTestSupport", "CLibXML2",
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "AccessibilityTests", dependencies: ["Accessibility"], path: "Tests/AccessibilityTests"),
        .testTarget(name: "CompetenceAimsTests", dependencies: ["CompetenceAims"], path: "Tests/CompetenceAimsTests", resources: [.copy("Evaluation")]),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy"], path: "Tests/PrivacyTests", resources: [.copy("Corpus")]),
        .testTarget(name: "LicensingTests", dependencies: ["Licensing"], path: "Tests/LicensingTests", resources: [.copy("Fixtures")]),
    ]
)
