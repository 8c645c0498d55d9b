import ControlPlane
import HTTP
import Model

/// Compute pools, savepoints, detached savepoints, secrets, mappings, catalogs and databases.
extension APIService {
    // MARK: compute pools

    func cmfListComputePools(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfComputePools(environment: try c.path("env"), page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.resource($0, into: &$1) }
    }

    func cmfCreateComputePool(_ c: Call) throws -> HTTPResponse {
        let pool = try controlPlane.createCMFComputePool(environment: try c.path("env"), try cmfBody(c))
        return json(200) { CMFJSON.resource(pool, into: &$0) }
    }

    func cmfGetComputePool(_ c: Call) throws -> HTTPResponse {
        let pool = try controlPlane.cmfComputePool(environment: try c.path("env"), name: try c.path("pool"))
        return json(200) { CMFJSON.resource(pool, into: &$0) }
    }

    func cmfUpdateComputePool(_ c: Call) throws -> HTTPResponse {
        let pool = try controlPlane.updateCMFComputePool(environment: try c.path("env"), name: try c.path("pool"), try cmfBody(c))
        return json(200) { CMFJSON.resource(pool, into: &$0) }
    }

    func cmfDeleteComputePool(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteCMFComputePool(environment: try c.path("env"), name: try c.path("pool"))
        return noContent()
    }

    // MARK: savepoints

    private func owner(_ c: Call, _ owner: CMFKind) throws -> String { try c.path(owner == .application ? "app" : "stmt") }

    func cmfListSavepoints(_ c: Call, owner kind: CMFKind) throws -> HTTPResponse {
        let page = try controlPlane.cmfSavepoints(environment: try c.path("env"), owner: kind, ownerName: try owner(c, kind),
                                                  page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.resource($0, into: &$1) }
    }

    func cmfCreateSavepoint(_ c: Call, owner kind: CMFKind) throws -> HTTPResponse {
        let sp = try controlPlane.createCMFSavepoint(environment: try c.path("env"), owner: kind, ownerName: try owner(c, kind),
                                                     try c.body(allowEmpty: true).object)
        return json(201) { CMFJSON.resource(sp, into: &$0) }
    }

    func cmfGetSavepoint(_ c: Call, owner kind: CMFKind) throws -> HTTPResponse {
        let sp = try controlPlane.cmfSavepoint(environment: try c.path("env"), owner: kind, ownerName: try owner(c, kind),
                                               name: try c.path("savepoint"))
        return json(200) { CMFJSON.resource(sp, into: &$0) }
    }

    func cmfDeleteSavepoint(_ c: Call, owner kind: CMFKind) throws -> HTTPResponse {
        try controlPlane.deleteCMFSavepoint(environment: try c.path("env"), owner: kind, ownerName: try owner(c, kind),
                                            name: try c.path("savepoint"))
        return noContent()
    }

    func cmfDetachSavepoint(_ c: Call) throws -> HTTPResponse {
        let sp = try controlPlane.detachCMFSavepoint(environment: try c.path("env"), application: try c.path("app"),
                                                     name: try c.path("savepoint"))
        return json(200) { CMFJSON.resource(sp, into: &$0) }
    }

    func cmfListDetachedSavepoints(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfDetachedSavepoints(namePrefix: c.query["name"], page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.resource($0, into: &$1) }
    }

    func cmfCreateDetachedSavepoint(_ c: Call) throws -> HTTPResponse {
        let sp = try controlPlane.createCMFDetachedSavepoint(try cmfBody(c))
        return json(201) { CMFJSON.resource(sp, into: &$0) }
    }

    func cmfGetDetachedSavepoint(_ c: Call) throws -> HTTPResponse {
        let sp = try controlPlane.cmfDetachedSavepoint(name: try c.path("savepoint"))
        return json(200) { CMFJSON.resource(sp, into: &$0) }
    }

    func cmfDeleteDetachedSavepoint(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteCMFDetachedSavepoint(name: try c.path("savepoint"))
        return noContent()
    }

    // MARK: secrets, mappings, catalogs, databases

    func cmfListDocuments(_ c: Call, _ kind: CMFKind, _ scope: ControlPlane.CMFScope) throws -> HTTPResponse {
        let page = try controlPlane.cmfDocuments(kind, in: scope, page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.resource($0, into: &$1) }
    }

    func cmfCreateDocument(_ c: Call, _ kind: CMFKind, _ scope: ControlPlane.CMFScope) throws -> HTTPResponse {
        let r = try controlPlane.createCMFDocument(kind, in: scope, try cmfBody(c))
        return json(200) { CMFJSON.resource(r, into: &$0) }
    }

    func cmfGetDocument(_ c: Call, _ kind: CMFKind, _ scope: ControlPlane.CMFScope, _ param: String) throws -> HTTPResponse {
        let r = try controlPlane.cmfDocument(kind, in: scope, name: try c.path(param))
        return json(200) { CMFJSON.resource(r, into: &$0) }
    }

    func cmfUpdateDocument(_ c: Call, _ kind: CMFKind, _ scope: ControlPlane.CMFScope, _ param: String,
                           emptyReply: Bool = false) throws -> HTTPResponse {
        let r = try controlPlane.updateCMFDocument(kind, in: scope, name: try c.path(param), try cmfBody(c))
        if emptyReply { return cmfEmpty() }
        return json(200) { CMFJSON.resource(r, into: &$0) }
    }

    func cmfDeleteDocument(_ c: Call, _ kind: CMFKind, _ scope: ControlPlane.CMFScope, _ param: String) throws -> HTTPResponse {
        try controlPlane.deleteCMFDocument(kind, in: scope, name: try c.path(param))
        return noContent()
    }
}
