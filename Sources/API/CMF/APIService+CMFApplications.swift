import ControlPlane
import HTTP
import Model

extension APIService {
    func cmfListApplications(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfApplications(environment: try c.path("env"), page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.application($0, into: &$1) }
    }

    func cmfUpsertApplication(_ c: Call) throws -> HTTPResponse {
        let app = try controlPlane.upsertCMFApplication(environment: try c.path("env"), try cmfBody(c), by: c.principal)
        return json(201, capacity: 2048) { CMFJSON.application(app, into: &$0) }
    }

    func cmfGetApplication(_ c: Call) throws -> HTTPResponse {
        let app = try controlPlane.cmfApplication(environment: try c.path("env"), name: try c.path("app"))
        return json(200, capacity: 2048) { CMFJSON.application(app, into: &$0) }
    }

    func cmfDeleteApplication(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteCMFApplication(environment: try c.path("env"), name: try c.path("app"))
        return noContent()
    }

    func cmfSetApplicationState(_ c: Call, running: Bool) throws -> HTTPResponse {
        let uid = running ? c.query["startFromSavepointUid"].flatMap { $0.isEmpty ? nil : $0 } : nil
        let app = try controlPlane.setCMFApplicationState(environment: try c.path("env"), name: try c.path("app"),
                                                          running: running, savepointUID: uid, by: c.principal)
        return json(200, capacity: 2048) { CMFJSON.application(app, into: &$0) }
    }

    func cmfListInstances(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfApplicationInstances(environment: try c.path("env"), name: try c.path("app"),
                                                            page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.instance($0, into: &$1) }
    }

    func cmfGetInstance(_ c: Call) throws -> HTTPResponse {
        let instance = try controlPlane.cmfApplicationInstance(environment: try c.path("env"), name: try c.path("app"),
                                                               instance: try c.path("instance"))
        return json(200, capacity: 2048) { CMFJSON.instance(instance, into: &$0) }
    }

    func cmfListEvents(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfApplicationEvents(environment: try c.path("env"), name: try c.path("app"),
                                                         page: try cmfPage(c))
        return try cmfList(page, c, pageable: false) { CMFJSON.event($0, into: &$1) }
    }
}
