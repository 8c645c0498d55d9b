import ControlPlane
import HTTP
import Model

extension APIService {
    func cmfListStatements(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfStatements(environment: try c.path("env"), computePool: c.query["compute-pool"],
                                                  phase: c.query["phase"], page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.statement($0, into: &$1) }
    }

    func cmfCreateStatement(_ c: Call) throws -> HTTPResponse {
        let statement = try controlPlane.createCMFStatement(environment: try c.path("env"), try cmfBody(c), by: c.principal)
        return json(200, capacity: 2048) { CMFJSON.statement(statement, into: &$0) }
    }

    func cmfGetStatement(_ c: Call) throws -> HTTPResponse {
        let statement = try controlPlane.cmfStatement(environment: try c.path("env"), name: try c.path("stmt"))
        return json(200, capacity: 2048) { CMFJSON.statement(statement, into: &$0) }
    }

    func cmfUpdateStatement(_ c: Call) throws -> HTTPResponse {
        try controlPlane.updateCMFStatement(environment: try c.path("env"), name: try c.path("stmt"), try cmfBody(c),
                                            by: c.principal)
        return cmfEmpty()
    }

    func cmfDeleteStatement(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteCMFStatement(environment: try c.path("env"), name: try c.path("stmt"))
        return noContent()
    }

    func cmfStatementResults(_ c: Call) throws -> HTTPResponse {
        let results = try controlPlane.cmfStatementResults(environment: try c.path("env"), name: try c.path("stmt"),
                                                           pageToken: c.query["page-token"])
        let now = controlPlane.clock.nowMillis()
        return json(200, capacity: 1024) { CMFJSON.statementResults(results, into: &$0, now: now) }
    }

    func cmfStatementExceptions(_ c: Call) throws -> HTTPResponse {
        let list = try controlPlane.cmfStatementExceptions(environment: try c.path("env"), name: try c.path("stmt"))
        return json(200, capacity: 1024) { CMFJSON.exceptions(list, into: &$0) }
    }
}
