import Testing
@testable import Model

@Suite struct JSONFieldsTests {
    private func decode(_ s: String) throws(JSONFieldError) -> JSONFields {
        try JSONFields.decode(body: Array(s.utf8))
    }

    private func error(_ body: () throws -> Void) -> JSONFieldError? {
        do { try body(); return nil } catch { return error as? JSONFieldError }
    }

    @Test func readsTypedMembers() throws {
        let f = try decode(#"{"name":"j","parallelism":4,"ratio":0.5,"on":true,"labels":{"a":"b"},"spec":{"max_cfu":10},"x":null,"unknown":[1]}"#)
        #expect(try f.requiredString("name") == "j")
        #expect(try f.int("parallelism") == 4)
        #expect(try f.double("ratio") == 0.5)
        #expect(try f.bool("on") == true)
        #expect(try f.stringMap("labels")?.map(\.key) == ["a"])
        #expect(try f.requiredObject("spec").int("max_cfu") == 10)
        #expect(try f.string("x") == nil)
        #expect(try f.string("missing") == nil)
    }

    @Test func wrongTypeHasPointer() throws {
        let f = try decode(#"{"parallelism":"4","spec":{"max_cfu":1.5},"labels":{"a":1}}"#)
        let e = try #require(error { _ = try f.int("parallelism") })
        #expect(e.pointer == "/parallelism")
        #expect(e.kind == .wrongType)
        #expect(e.detail.contains("integer"))
        let nested = try #require(error { _ = try f.requiredObject("spec").int("max_cfu") })
        #expect(nested.pointer == "/spec/max_cfu")
        let label = try #require(error { _ = try f.stringMap("labels") })
        #expect(label.pointer == "/labels/a")
    }

    @Test func missingHasPointer() throws {
        let f = try decode(#"{"spec":{}}"#)
        let e = try #require(error { _ = try f.requiredObject("spec").requiredString("display_name") })
        #expect(e.pointer == "/spec/display_name")
        #expect(e.kind == .missing)
        #expect(f.path("a/b~c") == "/a~1b~0c")
    }

    @Test func malformedAndNonObjectBodies() throws {
        let m = try #require(error { _ = try decode("{\"a\":") })
        #expect(m.kind == .malformed)
        #expect(m.detail.contains("line 1"))
        let arr = try #require(error { _ = try decode("[1]") })
        #expect(arr.kind == .wrongType)
        #expect(error { _ = try decode("") } != nil)
        #expect(try JSONFields.decode(body: [], allowEmpty: true).object.count == 0)
    }

    @Test func integralDoublesAreIntegers() throws {
        let f = try decode(#"{"n":2.0,"big":1e30}"#)
        #expect(try f.int("n") == 2)
        #expect(error { _ = try f.int("big") } != nil)
    }
}
