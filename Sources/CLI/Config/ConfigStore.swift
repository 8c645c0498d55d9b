import Foundation
import Model

/// Reads and writes the context file: `$FLINKCLOUD_CONFIG`, else `$HOME/.flinkcloud/config.json`
/// (written with mode 0600 because it holds the API secret).
struct ConfigStore: Sendable {
    let path: String

    init(path: String) { self.path = path }

    init(environment: [String: String]) {
        if let p = environment["FLINKCLOUD_CONFIG"], !p.isEmpty {
            path = p
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = home + "/.flinkcloud/config.json"
        }
    }

    func load() throws(CLIFailure) -> CLIConfig {
        guard FileManager.default.fileExists(atPath: path) else { return CLIConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("cannot read the config file \(path)")
        }
        if data.isEmpty { return CLIConfig() }
        do {
            return CLIConfig(json: try JSONParser.parse([UInt8](data)))
        } catch {
            throw CLIFailure("the config file \(path) is not valid JSON: \(error)",
                             resolution: "Fix or delete it, then run \"confluent login\" again.")
        }
    }

    func save(_ config: CLIConfig) throws(CLIFailure) {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        } catch {
            throw CLIFailure("cannot create \(dir): \(error.localizedDescription)")
        }
        let text = PrettyJSON.render(config.json) + "\n"
        let ok = FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                                attributes: [.posixPermissions: 0o600])
        if !ok { throw CLIFailure("cannot write the config file \(path)") }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
