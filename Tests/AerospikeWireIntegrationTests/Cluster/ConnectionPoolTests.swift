import AerospikeSim
import Testing

@testable import AerospikeWire

/// A pool closed by the tend loop (its node left the cluster) must fail fast with a transient
/// connection error, so batch writes and scans retry on the partition's new owner instead of failing
/// the whole restore or backup (the race seen once under load: a node chosen just before the tend loop
/// closed its pool).
@Suite struct ConnectionPoolTests {
    @Test func closedPoolRefusesWithATransientConnectionErrorWithoutConnecting() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        do {
            try await check(port: ports[0])
            await sim.stop()
        } catch {
            await sim.stop()
            throw error
        }
    }

    private func check(port: Int) async throws {
        let host = Host("127.0.0.1", port)
        let pool = ConnectionPool(
            host: host, config: ClusterConfig(seeds: [host]), login: nil, tls: nil)

        // Open: a connection to the live node, returned to the pool.
        let info = try await pool.withConnection { try await $0.info(["node"], timeout: .seconds(5)) }
        #expect(info["node"]?.isEmpty == false)

        await pool.closeAll()
        // Closed: refused although the node is still up, so no connection is made to a node that left.
        let acquired = await #expect(throws: WireError.self) { _ = try await pool.acquire() }
        #expect(acquired?.code == .connection)
        #expect(acquired?.isTransient == true)
        let viaBody = await #expect(throws: WireError.self) {
            try await pool.withConnection { _ in Issue.record("body ran on a closed pool") }
        }
        #expect(viaBody?.isTransient == true)
    }
}
