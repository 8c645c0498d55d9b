import Planner
import Runtime
import Testing

struct TypeInferenceTests {
    let int = DataType(.int), bigint = DataType(.bigint), double = DataType(.double)
    let dec10_2 = DataType(.decimal(precision: 10, scale: 2))

    @Test func literals() {
        #expect(TypeInference.stringLiteral("abc").description == "CHAR(3) NOT NULL")
        #expect(TypeInference.integerLiteral("42").description == "INT NOT NULL")
        #expect(TypeInference.integerLiteral("3000000000").description == "BIGINT NOT NULL")
        #expect(TypeInference.numericLiteral("1.5").description == "DECIMAL(2, 1) NOT NULL")
        #expect(TypeInference.numericLiteral("0.25").description == "DECIMAL(2, 2) NOT NULL")
        #expect(TypeInference.numericLiteral("1e3").description == "DOUBLE NOT NULL")
    }

    @Test func integerArithmeticStaysInteger() {
        #expect(TypeInference.arithmetic(.divide, int, int)?.description == "INT")
        #expect(TypeInference.arithmetic(.plus, int, bigint)?.description == "BIGINT")
        #expect(TypeInference.arithmetic(.times, int, double)?.description == "DOUBLE")
        #expect(TypeInference.arithmetic(.mod, int, int)?.description == "INT")
    }

    @Test func decimalPrecisionAndScaleRules() {
        let two = TypeInference.integerLiteral("2")
        #expect(TypeInference.arithmetic(.times, dec10_2, two)?.description == "DECIMAL(21, 2) NOT NULL".replacingOccurrences(of: " NOT NULL", with: ""))
        #expect(TypeInference.arithmetic(.plus, dec10_2, two)?.description == "DECIMAL(13, 2)")
        #expect(TypeInference.arithmetic(.divide, dec10_2, two)?.description == "DECIMAL(21, 13)")
        #expect(TypeInference.arithmetic(.times, dec10_2, double)?.description == "DOUBLE")
        #expect(TypeInference.round(dec10_2, digits: 1).description == "DECIMAL(10, 1)")
        #expect(TypeInference.floorCeil(dec10_2).description == "DECIMAL(10, 0)")
    }

    @Test func avgOverIntIsAnInt() throws {
        #expect(try TypeInference.aggregate(.avg, int).get().description == "INT")
    }

    @Test func decimalAggregates() throws {
        #expect(try TypeInference.aggregate(.sum, dec10_2).get().description == "DECIMAL(38, 2)")
        #expect(try TypeInference.aggregate(.avg, dec10_2).get().description == "DECIMAL(38, 6)")
        #expect(try TypeInference.aggregate(.min, dec10_2).get().description == "DECIMAL(10, 2)")
        #expect(try TypeInference.aggregate(.count, nil).get().description == "BIGINT NOT NULL")
        #expect(try TypeInference.aggregate(.sum, int).get().description == "INT")
    }

    @Test func sumOfStringIsATypeErrorAsCalcitePhrasesIt() {
        guard case let .failure(e) = TypeInference.aggregate(.sum, DataType(.string)) else {
            Issue.record("SUM(STRING) was accepted"); return
        }
        #expect(e.message == "Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR(2147483647)>)'. Supported form(s): 'SUM(<NUMERIC>)'")
    }

    @Test func leastRestrictive() {
        let web = TypeInference.stringLiteral("web"), app = TypeInference.stringLiteral("app")
        #expect(TypeInference.leastRestrictive([web, app])?.description == "CHAR(3) NOT NULL")
        let words = ["missing", "bulk", "some", "none"].map(TypeInference.stringLiteral)
        #expect(TypeInference.leastRestrictive(words)?.description == "VARCHAR(7) NOT NULL")
        #expect(TypeInference.leastRestrictive([TypeInference.integerLiteral("0"), bigint])?.description == "BIGINT")
        #expect(TypeInference.leastRestrictive([DataType(.string), DataType(.string), TypeInference.stringLiteral("n/a")])?.description == "STRING")
    }
}
