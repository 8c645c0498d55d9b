/// What `GET /cmf/api/v1/system-information` reports: the CMF API version served, and the build's revision
/// (`FLINKCLOUD_REVISION` at run time, else `dev`).
enum CMFSystemInformation {
    static let version = "2.3.1-local"
    static var revision: String {
        guard let raw = getenv("FLINKCLOUD_REVISION") else { return "dev" }
        let s = String(cString: raw)
        return s.isEmpty ? "dev" : s
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
