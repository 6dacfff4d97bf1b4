/// Outcome of a single-record write or delete.
public struct WriteResult: Equatable, Sendable {
    public var generation: UInt32
    /// Seconds since 2010-01-01 UTC; 0 = never.
    public var voidTime: UInt32
}

/// A record read by `get`.
public struct Record: Equatable, Sendable {
    public var generation: UInt32
    public var voidTime: UInt32
    public var bins: [Bin]

    /// The value of the named bin.
    public subscript(bin name: String) -> Value? { bins.first { $0.name == name }?.value }
}
