import AerospikeSim
@testable import AerospikeWire

/// Starts a simulator, connects a ``Cluster`` to it, and tears both down.
func withSimCluster<T>(
    _ simConfig: SimConfig = SimConfig(), user: String? = nil, password: String? = nil,
    tendInterval: Duration = .milliseconds(200),
    _ body: (SimCluster, Cluster) async throws -> T
) async throws -> T {
    let sim = try SimCluster(simConfig)
    let ports = try await sim.start()
    do {
        let config = ClusterConfig(
            seeds: [Host("127.0.0.1", ports[0])], user: user, password: password,
            clusterName: simConfig.clusterName, socketTimeout: .seconds(10), tendInterval: tendInterval)
        let cluster = try await Cluster.connect(config)
        do {
            let result = try await body(sim, cluster)
            await cluster.close()
            await sim.stop()
            return result
        } catch {
            await cluster.close()
            throw error
        }
    } catch {
        await sim.stop()
        throw error
    }
}
