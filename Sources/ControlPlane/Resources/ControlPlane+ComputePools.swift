import Model
import Store

extension ControlPlane {
    public static let minPoolCFU = 1
    public static let maxPoolCFU = 50

    /// `POST /fcpm/v2/compute-pools` (202). Provisioning is instant: the response shows PROVISIONING (the
    /// phase at acceptance), reads afterwards show PROVISIONED.
    public func createComputePool(_ request: CreateComputePoolRequest) throws(APIError) -> ComputePool {
        guard let environmentID = request.environmentID, !environmentID.isEmpty else {
            throw APIError.badRequest("spec.environment.id is required.", code: "missing_field", pointer: "/spec/environment/id")
        }
        let name = try Self.validatePoolName(request.displayName)
        let maxCFU = try Self.validateMaxCFU(request.maxCFU ?? 5)
        let cloud = (request.cloud?.isEmpty ?? true) ? Self.defaultCloud : request.cloud!.uppercased()
        guard ["AWS", "GCP", "AZURE"].contains(cloud) else {
            throw APIError.badRequest("spec.cloud '\(request.cloud!)' is unknown; use AWS, GCP or AZURE.",
                                      code: "invalid_cloud", pointer: "/spec/cloud")
        }
        let region = (request.region?.isEmpty ?? true) ? Self.defaultRegion : request.region!
        return try mutate { tx, _ in
            guard try tx.environmentExists(id: environmentID) else {
                throw APIError.notFound("Environment '\(environmentID)' was not found.")
            }
            let now = now()
            var id = ids.computePoolID()
            while try tx.computePool(id: id) != nil { id = ids.computePoolID() }
            var pool = ComputePool(id: id, environmentID: environmentID, displayName: name, cloud: cloud, region: region,
                                   maxCFU: maxCFU, isDefault: request.isDefault ?? false, phase: .provisioned,
                                   createdAt: now, updatedAt: now)
            if pool.isDefault { try clearDefaultPool(tx, environmentID: environmentID) }
            try tx.insertComputePool(pool)
            pool.phase = .provisioning
            return pool
        }
    }

    /// `GET /fcpm/v2/compute-pools?environment=` (all environments when nil).
    public func computePools(environmentID: String?, page: PageRequest = PageRequest()) throws(APIError) -> Page<ComputePool> {
        try cachedQuery(.computePools(environmentID: environmentID, page: page)) { tx in
            if let environmentID { _ = try Self.requireEnvironment(tx, environmentID) }
            return try tx.computePools(environmentID: environmentID, page: page)
        }
    }

    /// `GET /fcpm/v2/compute-pools/{id}`; 404 when unknown or not in `environmentID` (when given).
    public func computePool(id: String, environmentID: String? = nil) throws(APIError) -> ComputePool {
        try cachedQuery(.computePool(id: id, environmentID: environmentID)) { tx in try Self.requirePool(tx, id, environmentID: environmentID) }
    }

    /// `PATCH /fcpm/v2/compute-pools/{id}`: `display_name` and/or `max_cfu`. Shrinking below the CFUs in
    /// use (or below an active job's parallelism) → 409.
    public func updateComputePool(id: String, environmentID: String? = nil,
                                  _ request: UpdateComputePoolRequest) throws(APIError) -> ComputePool {
        let name = try request.displayName.map { (n) throws(APIError) in try Self.validatePoolName(n) }
        let maxCFU = try request.maxCFU.map { (m) throws(APIError) in try Self.validateMaxCFU(m) }
        return try mutate { tx, effects in
            var pool = try Self.requirePool(tx, id, environmentID: environmentID)
            try Self.checkResourceVersion(request.resourceVersion, current: pool.resourceVersion)
            let changed = (name != nil && name != pool.displayName) || (maxCFU != nil && maxCFU != pool.maxCFU)
            guard changed else { return pool }
            if let maxCFU, maxCFU < pool.maxCFU {
                if maxCFU < pool.currentCFU {
                    throw APIError.conflict("Compute pool '\(id)' has \(pool.currentCFU) CFUs in use; max_cfu cannot go below that.",
                                            code: "cfu_in_use", resolution: "Stop jobs in the pool first.")
                }
                let widest = try tx.jobs(computePoolID: id).filter { JobStateMachine.isActive($0.status) }
                    .map(\.parallelism).max() ?? 0
                if maxCFU < widest {
                    throw APIError.conflict("A job in compute pool '\(id)' has parallelism \(widest); max_cfu cannot go below that.",
                                            code: "cfu_in_use")
                }
            }
            if let name { pool.displayName = name }
            if let maxCFU { pool.maxCFU = maxCFU }
            pool.updatedAt = now()
            pool.resourceVersion += 1
            try tx.updateComputePool(pool)
            try admitWaitingJobs(tx, poolID: id, effects: &effects)
            return try Self.requirePool(tx, id, environmentID: nil)
        }
    }

    /// `DELETE /fcpm/v2/compute-pools/{id}`: 409 while jobs are active in it (PENDING, RUNNING, STOPPING);
    /// its stopped/failed/completed jobs are deleted with it.
    public func deleteComputePool(id: String, environmentID: String? = nil) throws(APIError) {
        try mutate { tx, _ in
            _ = try Self.requirePool(tx, id, environmentID: environmentID)
            let active = try tx.jobs(computePoolID: id).filter { JobStateMachine.isActive($0.status) }
            if !active.isEmpty {
                let names = active.prefix(5).map(\.name).joined(separator: ", ")
                throw APIError.conflict("Compute pool '\(id)' still has \(active.count) active job(s) (\(names)).",
                                        code: "compute_pool_in_use", resolution: "Stop or delete the jobs first.")
            }
            try tx.deleteComputePool(id: id)
        }
    }

    static func requirePool(_ tx: StoreTransaction, _ id: String, environmentID: String?) throws -> ComputePool {
        guard let pool = try tx.computePool(id: id), environmentID == nil || environmentID!.isEmpty
                || pool.environmentID == environmentID else {
            throw APIError.notFound("Compute pool '\(id)' was not found"
                                        + (environmentID.map { " in environment '\($0)'." } ?? "."))
        }
        return pool
    }

    private func clearDefaultPool(_ tx: StoreTransaction, environmentID: String) throws {
        var page = PageRequest(pageSize: PageRequest.maxSize)
        repeat {
            let pools = try tx.computePools(environmentID: environmentID, page: page)
            for var pool in pools.items where pool.isDefault {
                pool.isDefault = false
                try tx.updateComputePool(pool)
            }
            page.pageToken = pools.nextPageToken
        } while page.pageToken != nil
    }

    /// `^[0-9A-Za-z-][\w.-]{0,31}$` (Confluent's pool display-name rule).
    static func validatePoolName(_ name: String?) throws(APIError) -> String {
        guard let name, !name.isEmpty else {
            throw APIError.badRequest("spec.display_name is required.", code: "missing_field", pointer: "/spec/display_name")
        }
        let bytes = Array(name.utf8)
        func isAlnum(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        }
        let valid = bytes.count <= 32 && (isAlnum(bytes[0]) || bytes[0] == 0x2D)
            && bytes.dropFirst().allSatisfy { isAlnum($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
        guard valid else {
            throw APIError.badRequest("spec.display_name '\(name.prefix(64))' is invalid: 1–32 characters of letters, digits, "
                                          + "'_', '.', '-', not starting with '_' or '.'.",
                                      code: "invalid_display_name", pointer: "/spec/display_name")
        }
        return name
    }

    static func validateMaxCFU(_ maxCFU: Int) throws(APIError) -> Int {
        guard (minPoolCFU...maxPoolCFU).contains(maxCFU) else {
            throw APIError.badRequest("spec.max_cfu must be between \(minPoolCFU) and \(maxPoolCFU) (got \(maxCFU)).",
                                      code: "invalid_max_cfu", pointer: "/spec/max_cfu")
        }
        return maxCFU
    }
}
