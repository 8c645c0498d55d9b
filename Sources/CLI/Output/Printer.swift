import Model

/// Prints resources in the chosen format: human tables, or the flat objects as JSON / YAML.
struct Printer: Sendable {
    let format: OutputFormat
    let terminal: Terminal

    func describe(_ resource: JSONValue, as view: ResourceView) {
        switch format {
        case .human: terminal.out(TextTable.describe(view.describePairs(resource)))
        case .json, .yaml: document(view.object(resource))
        }
    }

    func list(_ resources: [JSONValue], as view: ResourceView) {
        switch format {
        case .human:
            terminal.out(TextTable.list(headers: view.listedFields.map(\.title), rows: resources.map(view.row)))
        case .json, .yaml: document(.array(resources.map(view.object)))
        }
    }

    /// Any JSON document as JSON / YAML (human mode prints it as indented JSON too).
    func document(_ value: JSONValue) {
        switch format {
        case .yaml: terminal.out(YAMLWriter.render(value))
        case .json, .human: terminal.out(PrettyJSON.render(value) + "\n")
        }
    }

    /// A confirmation line in human mode ("Deleted job \"x\"."); nothing in json/yaml mode.
    func message(_ text: String) {
        if format == .human { terminal.out(text + "\n") }
    }
}
