public enum CheckpointMode: String, Sendable, CaseIterable, Equatable {
    case exactlyOnce = "EXACTLY_ONCE"
    case atLeastOnce = "AT_LEAST_ONCE"
}
