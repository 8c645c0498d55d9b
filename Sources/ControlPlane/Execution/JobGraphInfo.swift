import Runtime

/// A job graph as the API shows it (validate endpoint, a running job's graph): the runtime's own
/// description — operators with their stable uid, kind and parallelism; edges with their ship strategy.
public typealias JobGraphInfo = JobGraphDescription
