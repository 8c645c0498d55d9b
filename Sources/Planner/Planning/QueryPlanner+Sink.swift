import Runtime
import SQL

extension QueryPlanner {
    /// `INSERT INTO t SELECT …`: validates the query against the sink's columns (count, assignable types,
    /// changelog mode: an append-only sink refuses an updating query as Flink does) and adds the sink vertex.
    mutating func insert(_ ins: Insert) throws -> Relation {
        let name = ins.table.name
        guard let def = catalog.table(name) else {
            throw PlannerError.at(ins.table.span, "Object '\(ins.table.description)' not found")
        }
        var rel = try plan(ins.source)
        let physical = def.columns.filter { $0.computed == nil }
        let targetNames = ins.columns.isEmpty ? physical.map(\.name) : ins.columns.map(\.name)
        guard rel.scope.columns.count == targetNames.count else {
            throw PlannerError.validation("Column types of query result and sink for 'default_catalog.default_database.\(name)' do not match.\nCause: Different number of columns.")
        }
        // Conform the query's columns to the sink's types (implicit casts as Flink inserts them).
        var projections: [Expression] = []
        for i in physical.indices {
            guard let pos = targetNames.firstIndex(of: physical[i].name) else {
                projections.append { _ in .null }
                continue
            }
            let src = rel.scope.columns[pos]
            let target = physical[i].type
            let compatible = src.type.logical == .null || src.type.logical == target.logical
                || (TypeInference.isNumeric(src.type.logical) && TypeInference.isNumeric(target.logical))
                || (TypeInference.isCharacter(src.type.logical) && TypeInference.isCharacter(target.logical))
                || (TypeInference.isTemporal(src.type.logical) && TypeInference.isTemporal(target.logical))
            guard compatible else {
                throw PlannerError.validation("Column types of query result and sink for 'default_catalog.default_database.\(name)' do not match.\nCause: Incompatible types for sink column '\(physical[i].name)' at position \(i).\n\nQuery schema: [\(rel.scope.columns.map { "\($0.name): \($0.type)" }.joined(separator: ", "))]\nSink schema:  [\(physical.map { "\($0.name): \($0.type)" }.joined(separator: ", "))]")
            }
            projections.append(CompiledExpr(type: src.type) { $0.values[pos] }.coerced(to: target).eval)
        }
        let connector = def.options["connector"] ?? "kafka"
        let updating = !rel.appendOnly
        if updating && (connector == "kafka" || connector == "filesystem") {
            let producer = graph.vertices[rel.vertex].kind
            throw PlannerError.validation("Table sink 'default_catalog.default_database.\(name)' doesn't support consuming update changes which is produced by node \(producer)")
        }
        if connector == "upsert-kafka" && def.primaryKey.isEmpty {
            throw PlannerError.validation("'upsert-kafka' tables require to define a PRIMARY KEY constraint. The PRIMARY KEY specifies which columns should be read from or write to the Kafka message key.")
        }
        rel = addCalc(rel, name: "Calc(sink cast)", projections: projections,
                      scope: Scope(physical.map { .init(name: $0.name, type: $0.type) }))
        let sinkFactory = try sinkFunction(def, physical: physical)
        let v = graph.addOperator(name: "Sink(\(name))", kind: "Sink", parallelism: rel.parallelism,
                                  uid: "\(graph.vertices.count)-sink-\(name)") { info in SinkOperator(try sinkFactory(info)) }
        // upsert sinks need all changes of a key on one subtask.
        if connector == "upsert-kafka", updating {
            let keys = def.primaryKey.compactMap { k in physical.firstIndex { $0.name == k } }
            graph.connect(rel.vertex, to: v, .hash(KeySelector(keys)))
        } else {
            graph.connect(rel.vertex, to: v, .forward)
        }
        return rel
    }

    func sinkFunction(_ def: TableDefinition, physical: [TableDefinition.Column]) throws
        -> @Sendable (SubtaskInfo) throws -> any SinkFunction {
        let connector = def.options["connector"] ?? "kafka"
        let schema = RowSchema(physical.map { .init($0.name, $0.type) })
        switch connector {
        case "blackhole":
            return { _ in BlackholeSink() }
        case "print":
            let emit = context.printLine ?? { _ in }
            let id = def.options["print-identifier"]
            return { _ in PrintSink(identifier: id, emit: emit) }
        case "kafka", "upsert-kafka":
            let topic = def.options["topic"] ?? def.name
            let formatName = def.options["value.format"] ?? def.options["format"] ?? "json"
            let kind = try KafkaFormat.kind(named: formatName)
            var options = KafkaSink.Options(topic: topic, value: KafkaFormat(kind: kind, schema: schema, positions: Array(0..<physical.count)))
            if connector == "upsert-kafka" || def.options["key.format"] != nil {
                let keyNames = connector == "upsert-kafka" ? def.primaryKey : (def.options["key.fields"] ?? "").split(separator: ";").map(String.init)
                let idx = keyNames.compactMap { k in physical.firstIndex { $0.name == k } }
                let keyKind = try KafkaFormat.kind(named: def.options["key.format"] ?? "json")
                options.key = KafkaFormat(kind: keyKind, schema: RowSchema(idx.map { schema.columns[$0] }), positions: idx)
            }
            options.upsert = connector == "upsert-kafka"
            let store = context.topicStore
            // Exactly-once (transactional) unless the table asks for a weaker delivery guarantee.
            let guarantee = def.options["sink.delivery-guarantee"]?.lowercased()
            let prefix = guarantee == "at-least-once" || guarantee == "none" ? nil : context.transactionalIdPrefix
            let base = options
            return { info in
                guard let store else { throw RuntimeError(code: "no_cluster", detail: "No Kafka cluster for topic \(topic)") }
                var o = base
                if let prefix { o.transactionalId = "\(prefix)-\(topic)-\(info.subtaskIndex)" }
                return KafkaSink(store: store, options: o)
            }
        default:
            throw PlannerError.validation("Could not find any factory for identifier '\(connector)' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.")
        }
    }
}
