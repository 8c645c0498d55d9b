import Planner

/// `INFORMATION_SCHEMA.TABLES`, `.COLUMNS` and `.SCHEMATA` (what dbt-style tools ask) as VALUES views over
/// the environment's catalog, so any query over them plans and runs like any other.
enum InformationSchema {
    static let names: Set<String> = ["TABLES", "COLUMNS", "SCHEMATA", "CATALOGS", "VIEWS"]

    /// True when the statement reads INFORMATION_SCHEMA (case-insensitive).
    static func isReferenced(_ sql: String) -> Bool { sql.uppercased().contains("INFORMATION_SCHEMA") }

    /// The catalog with the virtual views added (they shadow same-named tables in this statement only).
    static func overlay(_ catalog: EnvironmentCatalog) -> InMemoryCatalog {
        var c = InMemoryCatalog()
        c.tables = catalog.tables
        c.views = catalog.views
        for (name, sql) in views(catalog) {
            if let v = try? ViewDefinition(ddl: "CREATE VIEW \(name) AS " + sql) {
                c.tables[name] = nil
                c.views[name] = v
            }
        }
        return c
    }

    static func views(_ catalog: EnvironmentCatalog) -> [(String, String)] {
        let cat = catalog.catalogName, db = catalog.databaseName
        var tables: [[String]] = []
        for name in catalog.tableNames {
            let wm = catalog.tables[name]?.watermark
            tables.append([cat, db, name, "BASE TABLE", wm == nil ? "NO" : "YES", wm?.column ?? "NULL"])
        }
        for name in catalog.viewNames { tables.append([cat, db, name, "VIEW", "NO", "NULL"]) }
        var columns: [[String]] = []
        for name in catalog.tableNames {
            guard let t = catalog.tables[name] else { continue }
            for (i, c) in t.columns.enumerated() {
                columns.append([cat, db, name, c.name, String(i + 1), c.type.withNullable(true).description,
                                c.type.nullable ? "YES" : "NO", c.computed == nil ? "NO" : "YES"])
            }
        }
        return [
            ("TABLES", values(tables, ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "IS_WATERMARKED",
                                       "WATERMARK_COLUMN"])),
            ("COLUMNS", values(columns, ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION",
                                         "DATA_TYPE", "IS_NULLABLE", "IS_GENERATED"], intColumn: 4)),
            ("SCHEMATA", values([[cat, db, "dbo"]], ["CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER"])),
            ("CATALOGS", values([[cat]], ["CATALOG_NAME"])),
            ("VIEWS", values(catalog.viewNames.map { [cat, db, $0, catalog.ddl[$0] ?? ""] },
                             ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "VIEW_DEFINITION"])),
        ]
    }

    /// `SELECT * FROM (VALUES (CAST('a' AS STRING), …), …) AS T(c1, …)`; no rows → a filtered single row.
    static func values(_ rows: [[String]], _ names: [String], intColumn: Int? = nil) -> String {
        func cell(_ s: String, _ i: Int) -> String {
            if s == "NULL" { return "CAST(NULL AS STRING)" }
            if i == intColumn { return "CAST(\(Int(s) ?? 0) AS INT)" }
            return "CAST('" + s.replacingOccurrences(of: "'", with: "''") + "' AS STRING)"
        }
        let body = (rows.isEmpty ? [names.map { _ in "NULL" }] : rows).map { r in
            "(" + r.enumerated().map { cell($0.element, $0.offset) }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
        let quoted = names.map { "`\($0)`" }.joined(separator: ", ")
        return "SELECT * FROM (VALUES \(body)) AS T(\(quoted))" + (rows.isEmpty ? " WHERE 1 = 0" : "")
    }
}
