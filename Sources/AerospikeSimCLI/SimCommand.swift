import ArgumentParser
import AerospikeSim

@main
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault-sim",
        abstract: "A wire-compatible Aerospike cluster simulator for tests and demos.")

    func run() async throws {
        throw ValidationError("the simulator is not built yet")
    }
}
