// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Vendo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vendo", targets: ["vendo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Already in the tree through Hummingbird: the webhook sender and housekeeping run as
        // services of the application, started and stopped with it.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Every outbound HTTP call (webhooks): a total deadline, no redirects, a capped body;
        // URLSession on Linux offers neither a redirect switch per client nor a size cap.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "VendoCore", swiftSettings: strict),
        // zlib (Debian's zlib1g-dev, on every build machine) compresses the PDFs' streams; a
        // system library rather than a package, as nothing in the tree wraps deflate.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "VendoDocuments", dependencies: ["VendoCore", "CZlib"], exclude: ["Resources/LICENSES.md"],
                swiftSettings: strict),
        // Outbound mail: MIME building and an SMTP client on SwiftNIO and NIOSSL, both already in
        // the tree through Hummingbird and the PostgreSQL driver; no SMTP package is among the
        // chosen dependencies.
        .target(
            name: "VendoMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VendoStore",
            dependencies: [
                "VendoCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VendoServices",
            dependencies: [
                "VendoCore", "VendoStore", "VendoDocuments", "VendoMail",
                .product(name: "Crypto", package: "swift-crypto"),
                // The mail templates admins edit are Mustache, as the pages are.
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VendoAPI",
            dependencies: [
                "VendoServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VendoWeb",
            dependencies: [
                "VendoServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The templates, stylesheets and script, compiled into the binary.
            resources: [.embedInCode("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "VendoServer",
            dependencies: [
                "VendoAPI", "VendoWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "vendo",
            dependencies: [
                "VendoServices", "VendoServer", "VendoAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The benchmark's own tool (scripts/bench). Its HTTP load client is Hummingbird's test
        // client, already built for the API tests, rather than a new HTTP client package.
        .executableTarget(
            name: "vendo-bench",
            dependencies: [
                "VendoCore", "VendoStore", "VendoServices", "VendoDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VendoTestSupport",
            dependencies: ["VendoServices", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(name: "VendoCoreTests", dependencies: ["VendoCore"], swiftSettings: strict),
        .testTarget(name: "VendoMailTests", dependencies: ["VendoMail", "VendoTestSupport"], swiftSettings: strict),
        .testTarget(name: "VendoDocumentsTests", dependencies: ["VendoDocuments", "VendoTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VendoStoreTests",
            dependencies: ["VendoStore", "VendoTestSupport", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VendoServicesTests",
            dependencies: ["VendoServices", "VendoTestSupport", .product(name: "SQLKit", package: "sql-kit"),
                           .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(name: "VendoCLITests", dependencies: ["vendo", "VendoTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "VendoAPITests",
            dependencies: [
                "VendoServer", "VendoTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VendoWebTests",
            dependencies: [
                "VendoWeb", "VendoServer", "VendoTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
    ]
)
