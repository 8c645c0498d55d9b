import Testing

@Test func RuntimeTestsBuilds() { #expect(Bool(true)) }
