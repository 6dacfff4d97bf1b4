/// A cluster node: its id, address and connection pool.
public final class Node: Sendable, CustomStringConvertible {
    /// Node id (upper-case hex from the `node` info command).
    public let id: String
    public let host: Host
    let pool: ConnectionPool

    init(id: String, host: Host, pool: ConnectionPool) {
        self.id = id
        self.host = host
        self.pool = pool
    }

    public var description: String { "\(id)@\(host)" }
}
