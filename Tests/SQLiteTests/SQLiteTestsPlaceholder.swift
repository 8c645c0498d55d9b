import Testing

@Test func SQLiteTestsBuilds() { #expect(Bool(true)) }
