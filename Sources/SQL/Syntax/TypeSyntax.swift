/// A data type as written in SQL. `name` is upper-case and canonical: `INT` for INT/INTEGER, `DECIMAL` for
/// DEC/NUMERIC, `DOUBLE` for DOUBLE PRECISION, `CHAR`/`VARCHAR` for CHARACTER [VARYING], `TIMESTAMP_LTZ` for
/// `TIMESTAMP WITH LOCAL TIME ZONE`; `STRING`, `BYTES`, `ARRAY`, `MAP`, `ROW`, `MULTISET` as is.
/// `parameters` are the integer arguments (`VARCHAR(10)` → [10], `DECIMAL(10, 2)` → [10, 2]);
/// `elements` the nested types (ARRAY: 1, MAP: 2, ROW: one per field, with `fieldNames`).
public struct TypeSyntax: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var parameters: [Int]
    public var elements: [TypeSyntax]
    public var fieldNames: [Identifier]
    public var fieldComments: [String?]
    public var nullable: Bool
    public var span: SourceSpan

    public init(_ name: String, parameters: [Int] = [], elements: [TypeSyntax] = [], fieldNames: [Identifier] = [],
                fieldComments: [String?] = [], nullable: Bool = true, span: SourceSpan = .unknown) {
        self.name = name
        self.parameters = parameters
        self.elements = elements
        self.fieldNames = fieldNames
        self.fieldComments = fieldComments
        self.nullable = nullable
        self.span = span
    }

    public var description: String { SQLPrinter.print(self) }
}
