import Testing
import Foundation
@testable import API
import ControlPlane

@Suite struct OpenAPITests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/openapi.yaml")

    static func spec() throws -> YAML {
        try YAML.parse(String(contentsOf: specURL, encoding: .utf8))
    }

    @Test func parsesAsOpenAPI31() throws {
        let doc = try Self.spec()
        #expect(doc["openapi"]?.string == "3.1.0")
        #expect(doc["info"]?["title"]?.string != nil)
        #expect(doc["paths"] != nil)
        #expect(doc["components"]?["schemas"]?["Failure"] != nil)
    }

    @Test func pathsAndMethodsEqualTheRouteTable() throws {
        let doc = try Self.spec()
        let methods: Set = ["get", "post", "put", "patch", "delete", "head", "options"]
        var documented: Set<String> = []
        for path in doc["paths"]?.keys ?? [] {
            for m in doc["paths"]?[path]?.keys ?? [] where methods.contains(m) {
                documented.insert(m.uppercased() + " " + path)
            }
        }
        let router = try APIService(controlPlane: ControlPlane.inMemory(), authRequired: true,
                                    links: BaseURL(external: nil, fallback: "http://x"), logger: Logger(level: .error)).makeRouter()
        let served = Set(router.routes.map { $0.method + " " + $0.pattern })
        let table = Endpoint.allCases.map { $0.method + " " + $0.pattern } + CMFEndpoint.allCases.map { $0.method + " " + $0.pattern }
        #expect(served == Set(table))
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(router.routes.count == table.count, "two endpoints share a method and path")
    }

    @Test func everyOperationHasResponsesAndRefsResolve() throws {
        let doc = try Self.spec()
        let text = try String(contentsOf: Self.specURL, encoding: .utf8)
        for path in doc["paths"]?.keys ?? [] {
            for m in doc["paths"]?[path]?.keys ?? [] where m != "parameters" {
                let op = doc["paths"]?[path]?[m]
                #expect(op?["responses"]?.keys.isEmpty == false, "\(m) \(path) has no responses")
                #expect(op?["operationId"]?.string != nil, "\(m) \(path) has no operationId")
                let needsAuth = Endpoint.allCases.first(where: { $0.pattern == path && $0.method == m.uppercased() })?.requiresAuth
                    ?? CMFEndpoint.allCases.first(where: { $0.pattern == path && $0.method == m.uppercased() })?.requiresAuth
                if needsAuth == true {
                    #expect(op?["responses"]?["401"] != nil, "\(m) \(path) lacks the 401 response")
                }
            }
        }
        // Every $ref points at a defined component.
        let refs = text.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "$ref: '#/components/") else { return nil }
            return String(line[r.upperBound...].dropLast())
        }
        #expect(!refs.isEmpty)
        for ref in refs {
            let parts = ref.split(separator: "/").map(String.init)
            #expect(doc["components"]?[parts[0]]?[parts[1]] != nil, "dangling $ref \(ref)")
        }
    }

    @Test func readerRejectsMalformedYAML() throws {
        #expect(throws: YAML.ParseError.self) { try YAML.parse("a: 1\na: 2") }
        #expect(throws: YAML.ParseError.self) { try YAML.parse("a:\n\tb: 1") }
        #expect(throws: YAML.ParseError.self) { try YAML.parse("a:\n  b: 1\n    c: 2") }
        #expect(throws: YAML.ParseError.self) { try YAML.parse("a: 'x") }
        #expect(try YAML.parse("a:\n  - x\n  - k: v\n    j: w\nb: [1, 2]") ==
                .map([("a", .seq([.scalar("x"), .map([("k", .scalar("v")), ("j", .scalar("w"))])])),
                      ("b", .seq([.scalar("1"), .scalar("2")]))]))
    }
}
