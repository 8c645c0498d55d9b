// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "FlinkCloud",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flinkcloud", targets: ["Server"]),
        .executable(name: "confluent", targets: ["CLI"]),
        .executable(name: "flinkcloud-bench", targets: ["Bench"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(name: "Model", swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CEpoll"], swiftSettings: strict),
        .target(name: "SQL", swiftSettings: strict),
        .target(name: "Runtime", dependencies: ["SQLite"], swiftSettings: strict),
        .target(name: "Planner", dependencies: ["SQL", "Runtime"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["SQLite", "Model"], swiftSettings: strict),
        .target(name: "ControlPlane", dependencies: ["Model", "Store", "Planner", "SQL", "Runtime", "SQLite"],
                swiftSettings: strict),
        .target(name: "API", dependencies: ["HTTP", "Model", "ControlPlane"], swiftSettings: strict),
        .executableTarget(name: "Server", dependencies: ["API", "ControlPlane", "HTTP", "Model", "Store", "Runtime", "Planner", "SQLite"],
                          swiftSettings: strict),
        .executableTarget(name: "CLI", dependencies: ["Model", "HTTP"], swiftSettings: strict),
        .executableTarget(name: "Bench", dependencies: ["HTTP", "Model", "SQL", "Planner", "Runtime", "SQLite"],
                          swiftSettings: strict),
        .target(name: "TestSupport", dependencies: ["HTTP", "Model"], path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "SQLTests", dependencies: ["SQL"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "SQLite"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "SQL", "Runtime", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLite", "Model"]),
        .testTarget(name: "ControlPlaneTests", dependencies: ["ControlPlane", "Store", "Model", "SQLite", "TestSupport", "Runtime"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Planner", "SQL", "Runtime"], exclude: ["cases", "KnownGaps.txt"]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Model"]),
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport", "HTTP", "Model", "API", "ControlPlane", "SQLite", "Server", "CLI", "Runtime"]),
    ],
    swiftLanguageModes: [.v6]
)
