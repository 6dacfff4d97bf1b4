/// A cluster node: its id, address and connection pool.
public final class Node: Sendable, CustomStringConvertible {
    /// Node id (upper-case hex from the `node` info command).
    public let id: String
    public let host: Host
    /// Rack id per namespace (`rack-ids`), read only when scans prefer racks; empty otherwise.
    public let racks: [String: Int]
    let pool: ConnectionPool

    init(id: String, host: Host, pool: ConnectionPool, racks: [String: Int] = [:]) {
        self.id = id
        self.host = host
        self.pool = pool
        self.racks = racks
    }

    /// Parses `rack-ids`: `ns:rack;ns2:rack`; entries that do not parse are left out.
    static func parseRacks(_ text: String) -> [String: Int] {
        var racks: [String: Int] = [:]
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: ":")
            if parts.count == 2, let rack = Int(parts[1]) { racks[String(parts[0])] = rack }
        }
        return racks
    }

    public var description: String { "\(id)@\(host)" }
}
