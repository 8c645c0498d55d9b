/// Confluent's `scaling_status.scaling_state`.
public enum ScalingStatus: String, Sendable, CaseIterable, Equatable {
    case ok = "OK"
    case pendingScaleDown = "PENDING_SCALE_DOWN"
    case pendingScaleUp = "PENDING_SCALE_UP"
    /// Fits the pool's `max_cfu` but not its free CFUs: waits PENDING until CFUs free up.
    case poolExhausted = "POOL_EXHAUSTED"
}
