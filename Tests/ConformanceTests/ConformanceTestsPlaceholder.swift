import Testing

@Test func ConformanceTestsBuilds() { #expect(Bool(true)) }
