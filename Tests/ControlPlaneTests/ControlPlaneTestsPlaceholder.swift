import Testing

@Test func ControlPlaneTestsBuilds() { #expect(Bool(true)) }
