import Testing

@Test func SQLTestsBuilds() { #expect(Bool(true)) }
