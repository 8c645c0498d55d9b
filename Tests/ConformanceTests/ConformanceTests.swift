import Foundation
import Planner
import Testing

/// Every case of the shared Flink corpus (copied into `cases/`), at each parallelism its meta.json lists.
/// Cases in KnownGaps.txt must still fail (so fixing one forces removing it from the list).
struct ConformanceTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.appendingPathComponent("cases").path
    static let caseNames = ConformanceCase.list(root: root)
    static let knownGaps: [String: String] = {
        let text = (try? String(contentsOf: here.appendingPathComponent("KnownGaps.txt"), encoding: .utf8)) ?? ""
        var gaps: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && line.contains(":") {
            let parts = line.split(separator: ":", maxSplits: 1)
            gaps[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return gaps
    }()

    @Test func corpusIsPresent() {
        #expect(Self.caseNames.count >= 33)
    }

    @Test func everyKnownGapNamesACase() {
        for name in Self.knownGaps.keys {
            #expect(Self.caseNames.contains(name), "KnownGaps.txt names an unknown case \(name)")
        }
    }

    @Test(arguments: caseNames)
    func conformance(_ name: String) throws {
        let c = try ConformanceCase(directory: Self.root + "/" + name)
        let runner = ConformanceRunner()
        var outcomes: [(Int, ConformanceRunner.Outcome)] = []
        for p in c.parallelisms { outcomes.append((p, runner.run(c, parallelism: p))) }
        if let gap = Self.knownGaps[name] {
            #expect(!outcomes.allSatisfy { $0.1.passed }, "\(name) passes now: remove it from KnownGaps.txt (\(gap))")
        } else {
            for (p, outcome) in outcomes {
                #expect(outcome == .pass, "parallelism \(p): \(outcome)")
            }
        }
    }
}
