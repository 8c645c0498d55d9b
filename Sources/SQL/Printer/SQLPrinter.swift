/// Prints syntax trees as canonical Flink SQL: upper-case keywords, identifiers back-quoted when needed,
/// parentheses only where precedence requires them. Parsing the output gives an equal tree.
public struct SQLPrinter {
    var out = ""
    /// Back-quote every identifier, as Flink's `SHOW CREATE TABLE` does.
    var quoteAll = false

    public static func print(_ s: Statement) -> String { var p = SQLPrinter(); p.statement(s); return p.out }
    /// Prints with every identifier back-quoted (`` `id` INT``), Flink's `SHOW CREATE TABLE` style.
    public static func printQuoted(_ s: Statement) -> String {
        var p = SQLPrinter()
        p.quoteAll = true
        p.statement(s)
        return p.out
    }
    public static func print(_ q: Query) -> String { var p = SQLPrinter(); p.query(q); return p.out }
    public static func print(_ e: Expr) -> String { var p = SQLPrinter(); p.expr(e); return p.out }
    public static func print(_ t: TypeSyntax) -> String { var p = SQLPrinter(); p.type(t); return p.out }
    public static func print(_ t: TableRef) -> String { var p = SQLPrinter(); p.tableRef(t); return p.out }

    /// `name` as written when it is a plain word that is no keyword, else back-quoted.
    public static func quote(_ name: String, always: Bool = false) -> String {
        if !always && isPlain(name) { return name }
        var s = "`"
        for c in name { if c == "`" { s += "``" } else { s.append(c) } }
        return s + "`"
    }

    static func isPlain(_ name: String) -> Bool {
        guard let f = name.utf8.first, (f >= 0x41 && f <= 0x5A) || (f >= 0x61 && f <= 0x7A) || f == 0x5F else { return false }
        for b in name.utf8 where !((b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (b >= 0x30 && b <= 0x39)) {
            return false
        }
        return Keyword.byName[name.uppercased()] == nil
    }

    public static func stringLiteral(_ s: String) -> String {
        var r = "'"
        for c in s { if c == "'" { r += "''" } else { r.append(c) } }
        return r + "'"
    }

    // MARK: pieces

    mutating func w(_ s: String) { out += s }
    mutating func id(_ i: Identifier) { out += Self.quote(i.name, always: quoteAll) }
    mutating func name(_ n: ObjectName) {
        for (k, part) in n.parts.enumerated() {
            if k > 0 { out += "." }
            id(part)
        }
    }
    mutating func str(_ s: String) { out += Self.stringLiteral(s) }

    mutating func list<T>(_ items: [T], _ sep: String = ", ", _ f: (inout SQLPrinter, T) -> Void) {
        for (k, item) in items.enumerated() {
            if k > 0 { out += sep }
            f(&self, item)
        }
    }

    mutating func ids(_ items: [Identifier]) {
        w("(")
        list(items) { $0.id($1) }
        w(")")
    }

    mutating func options(_ opts: [TableOption]) {
        w("(")
        list(opts) { p, o in p.str(o.key); p.w(" = "); p.str(o.value) }
        w(")")
    }

    // MARK: statements

    mutating func statement(_ s: Statement) {
        switch s {
        case .query(let q): query(q)
        case .insert(let i): insert(i)
        case .statementSet(let inserts):
            w("EXECUTE STATEMENT SET BEGIN ")
            for i in inserts { insert(i); w("; ") }
            w("END")
        case .createTable(let t): createTable(t)
        case .createView(let v):
            w("CREATE ")
            if v.temporary { w("TEMPORARY ") }
            w("VIEW ")
            if v.ifNotExists { w("IF NOT EXISTS ") }
            name(v.name)
            if !v.columns.isEmpty { w(" "); ids(v.columns) }
            if let c = v.comment { w(" COMMENT "); str(c) }
            w(" AS ")
            query(v.query)
        case .drop(let d):
            w("DROP ")
            if d.temporary { w("TEMPORARY ") }
            w(d.kind.rawValue + " ")
            if d.ifExists { w("IF EXISTS ") }
            name(d.name)
        case .alterTable(let a):
            w("ALTER TABLE ")
            if a.ifExists { w("IF EXISTS ") }
            name(a.name)
            switch a.action {
            case .setOptions(let o): w(" SET "); options(o)
            case .resetOptions(let keys): w(" RESET ("); list(keys) { $0.str($1) }; w(")")
            case .rename(let n): w(" RENAME TO "); name(n)
            }
        case .show(let sh):
            w("SHOW ")
            switch sh {
            case .tables: w("TABLES")
            case .views: w("VIEWS")
            case .databases: w("DATABASES")
            case .catalogs: w("CATALOGS")
            case .functions: w("FUNCTIONS")
            case .jobs: w("JOBS")
            case .modules: w("MODULES")
            case .currentCatalog: w("CURRENT CATALOG")
            case .currentDatabase: w("CURRENT DATABASE")
            case .createTable(let n): w("CREATE TABLE "); name(n)
            case .createView(let n): w("CREATE VIEW "); name(n)
            }
        case .describe(let n, let extended):
            w(extended ? "DESCRIBE EXTENDED " : "DESCRIBE ")
            name(n)
        case .use(let u):
            switch u {
            case .catalog(let c): w("USE CATALOG "); id(c)
            case .database(let n): w("USE "); name(n)
            }
        case .set(let key, let value):
            w("SET")
            if let key, let value { w(" "); str(key); w(" = "); str(value) }
        case .reset(let key):
            w("RESET")
            if let key { w(" "); str(key) }
        case .explain(let inner):
            w("EXPLAIN ")
            statement(inner)
        }
    }

    mutating func insert(_ i: Insert) {
        w(i.overwrite ? "INSERT OVERWRITE " : "INSERT INTO ")
        name(i.table)
        if !i.partition.isEmpty {
            w(" PARTITION (")
            list(i.partition) { p, o in p.id(Identifier(o.key)); p.w(" = "); p.str(o.value) }
            w(")")
        }
        if !i.columns.isEmpty { w(" "); ids(i.columns) }
        w(" ")
        query(i.source)
    }

    mutating func createTable(_ t: CreateTable) {
        w("CREATE ")
        if t.temporary { w("TEMPORARY ") }
        w("TABLE ")
        if t.ifNotExists { w("IF NOT EXISTS ") }
        name(t.name)
        let inlinePK = t.columns.contains { $0.isPrimaryKey }
        var elements: [(inout SQLPrinter) -> Void] = []
        for c in t.columns {
            elements.append { p in p.column(c, pk: c.isPrimaryKey ? t.primaryKey : nil) }
        }
        for wm in t.watermarks {
            elements.append { p in p.w("WATERMARK FOR "); p.id(wm.column); p.w(" AS "); p.expr(wm.expression) }
        }
        if let pk = t.primaryKey, !inlinePK {
            elements.append { p in
                if let n = pk.constraintName { p.w("CONSTRAINT "); p.id(n); p.w(" ") }
                p.w("PRIMARY KEY ")
                p.ids(pk.columns)
                p.w(pk.enforced ? " ENFORCED" : " NOT ENFORCED")
            }
        }
        if !elements.isEmpty {
            w(" (\n")
            for (k, e) in elements.enumerated() {
                w("  ")
                e(&self)
                w(k + 1 < elements.count ? ",\n" : "\n")
            }
            w(")")
        }
        if let c = t.comment { w(" COMMENT "); str(c) }
        if let d = t.distribution {
            if d.columns.isEmpty {
                w(" DISTRIBUTED")
            } else {
                w(" DISTRIBUTED BY ")
                if let k = d.kind { w(k.rawValue) }
                ids(d.columns)
            }
            if let b = d.buckets { w(" INTO " + String(b) + " BUCKETS") }
        }
        if !t.partitionedBy.isEmpty { w(" PARTITIONED BY "); ids(t.partitionedBy) }
        if !t.options.isEmpty {
            w(" WITH (\n")
            for (k, o) in t.options.enumerated() {
                w("  "); str(o.key); w(" = "); str(o.value)
                w(k + 1 < t.options.count ? ",\n" : "\n")
            }
            w(")")
        }
        if let like = t.like {
            w(" LIKE ")
            name(like.source)
            if !like.options.isEmpty {
                w(" (")
                list(like.options) { p, words in p.w(words.joined(separator: " ")) }
                w(")")
            }
        }
        if let q = t.asQuery { w(" AS "); query(q) }
    }

    mutating func column(_ c: ColumnDefinition, pk: PrimaryKey?) {
        id(c.name)
        switch c.kind {
        case .physical(let t):
            w(" "); type(t)
        case .computed(let e):
            w(" AS "); expr(e)
        case .metadata(let t, let key, let isVirtual):
            w(" "); type(t); w(" METADATA")
            if let key { w(" FROM "); str(key) }
            if isVirtual { w(" VIRTUAL") }
        }
        if let pk {
            if let n = pk.constraintName { w(" CONSTRAINT "); id(n) }
            w(pk.enforced ? " PRIMARY KEY ENFORCED" : " PRIMARY KEY NOT ENFORCED")
        }
        if let comment = c.comment { w(" COMMENT "); str(comment) }
    }

    // MARK: types

    mutating func type(_ t: TypeSyntax) {
        switch t.name {
        case "ARRAY", "MULTISET":
            w(t.name + "<")
            if let e = t.elements.first { type(e) }
            w(">")
        case "MAP":
            w("MAP<")
            list(t.elements) { $0.type($1) }
            w(">")
        case "ROW":
            w("ROW<")
            for k in t.elements.indices {
                if k > 0 { w(", ") }
                if k < t.fieldNames.count { id(t.fieldNames[k]); w(" ") }
                type(t.elements[k])
                if k < t.fieldComments.count, let c = t.fieldComments[k] { w(" "); str(c) }
            }
            w(">")
        default:
            w(Keyword.byName[t.name] != nil ? t.name : Self.quote(t.name))
            if !t.parameters.isEmpty {
                w("(")
                list(t.parameters) { p, n in p.w(String(n)) }
                w(")")
            }
        }
        if !t.nullable { w(" NOT NULL") }
    }
}
