import AerospikeSim
import ArgumentParser
import Foundation
import ProcessSupport
import Synchronization

/// `aerovault-sim`: runs a simulated Aerospike cluster until SIGINT/SIGTERM.
@main
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault-sim",
        abstract: "A wire-compatible Aerospike cluster simulator for tests and demos.",
        discussion: """
            Starts N nodes on 127.0.0.1, prints one line per node ("node <index> <id> 127.0.0.1:<port>") and
            then "ready ports=<p0>,<p1>,…", and runs until SIGINT or SIGTERM. Control it over the info
            protocol with sim-kill:node=N, sim-revive:node=N, sim-fault:…, sim-clock:advance=S (SPEC.md §13).

            With --tls-certfile, --tls-keyfile and --tls-name every node serves TLS (only) on its port and
            advertises the TLS name in peers-tls-std; --tls-cafile also requires client certificates signed
            by that CA (mutual TLS). Clients connect with hosts (127.0.0.1, port, tls-name) (SPEC.md §13.15).

            EXIT STATUS
              0  stopped by a signal
              1  bad options or a port could not be opened
            """)

    @Option(help: "Number of nodes.")
    var nodes: Int = 3

    @Option(help: "Port of node 0; node i listens on port+i. 0 picks free ports.")
    var port: Int = 3000

    @Option(name: .customLong("namespace"), help: "Namespace to create (repeatable; default: test).")
    var namespaces: [String] = []

    @Option(help: "Records to seed into the first namespace.")
    var records: Int = 0

    @Option(help: "Seed of the deterministic record mix.")
    var seed: UInt64 = 1

    @Flag(help: "Seed the records, print the load time and exit without opening any port (load benchmark).")
    var exitAfterLoad = false

    @Option(name: .customLong("users"), help: "Enable security with a user: name:password[:role,role] (repeatable).")
    var users: [String] = []

    @Option(help: "Replication factor.")
    var replicationFactor: Int = 2

    @Option(help: "Cluster name reported by the cluster-name info command.")
    var clusterName: String = "aerovault-sim"

    @Option(help: ArgumentHelp("Serve TLS with this PEM certificate chain (needs --tls-keyfile, --tls-name).", valueName: "file"))
    var tlsCertfile: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-certfile (unencrypted).", valueName: "file"))
    var tlsKeyfile: String?

    @Option(help: ArgumentHelp("TLS name the certificate carries, advertised in peers-tls-std.", valueName: "name"))
    var tlsName: String?

    @Option(help: ArgumentHelp("Require client certificates signed by the CA in this PEM file (mutual TLS).", valueName: "file"))
    var tlsCafile: String?

    @Option(help: ArgumentHelp(
        "Faults every node injects from the start, in sim-fault: syntax (error=18;rate=0.3;delay-ms=20).",
        valueName: "plan"))
    var fault: String?

    func validate() throws {
        if let fault, case .failure(let error) = SimFaults.parse(fault) { throw ValidationError("--fault: \(error.message)") }
        guard records >= 0 else { throw ValidationError("--records must be ≥ 0") }
        for u in users where SimUser(argument: u) == nil {
            throw ValidationError("--users expects name:password[:role,role], got \"\(u)\"")
        }
        let tlsOptions = [tlsCertfile, tlsKeyfile, tlsName]
        if tlsOptions.contains(where: { $0 != nil }) || tlsCafile != nil, tlsOptions.contains(where: { $0 == nil }) {
            throw ValidationError("TLS needs all of --tls-certfile, --tls-keyfile and --tls-name")
        }
    }

    /// The TLS settings from the `--tls-*` options (nil = plaintext).
    private var tls: SimTLSConfig? {
        guard let tlsCertfile, let tlsKeyfile, let tlsName else { return nil }
        return SimTLSConfig(certificateFile: tlsCertfile, keyFile: tlsKeyfile, name: tlsName, clientCAFile: tlsCafile)
    }

    func run() async throws {
        Termination.shared.install()
        Self.tuneMalloc()
        let config = SimConfig(
            nodeCount: nodes, basePort: port, namespaces: namespaces.isEmpty ? ["test"] : namespaces,
            replicationFactor: replicationFactor, clusterName: clusterName, users: users.compactMap(SimUser.init(argument:)),
            tls: tls)
        let cluster: SimCluster
        do {
            cluster = try SimCluster(config)
        } catch let e as SimError {
            throw ValidationError(e.message)
        }
        if records > 0 {
            printLine("seeding \(records) records into \(config.namespaces[0])")
            let cpuBefore = Self.cpuSeconds()
            let seconds = try cluster.seed(namespace: config.namespaces[0], records: records, seed: seed)
            let cpu = Self.cpuSeconds() - cpuBefore
            let rate = seconds > 0 ? Int(Double(records) / seconds) : records
            printLine(
                "seeded \(records) records into \(config.namespaces[0]) in \(String(format: "%.2f", seconds)) s "
                    + "(\(rate) records/s; \(String(format: "%.2f", cpu)) CPU-seconds)")
        }
        if exitAfterLoad { Foundation.exit(0) }
        if let fault, case .success(let plan) = SimFaults.parse(fault) { cluster.setFault(plan) }
        let ports: [Int]
        do {
            ports = try await cluster.start()
        } catch let e as SimError where e.code == .invalidConfig {
            throw ValidationError(e.message)
        }
        if let tls { printLine("tls name \(tls.name)\(tls.clientCAFile == nil ? "" : " (client certificates required)")") }
        for (i, p) in ports.enumerated() { printLine("node \(i) \(cluster.nodeIDs[i]) 127.0.0.1:\(p)") }
        printLine("ready ports=\(ports.map(String.init).joined(separator: ","))")
        let signal = await Self.waitForTermination()
        printLine("received \(signal), stopping")
        await cluster.stop()
        // Exit without tearing down millions of records one by one; the OS reclaims the memory at once.
        Foundation.exit(0)
    }

    /// Seeding allocates ~1.5 GB in millions of blocks from worker threads. glibc grows per-thread arenas a
    /// few pages at a time (one mprotect each); one arena with a 64 MiB top pad grows in big steps instead,
    /// which removes most of the system time of a large `--records` load.
    private static func tuneMalloc() {
        #if os(Linux)
        _ = cMallopt(-8, 1)  // M_ARENA_MAX
        _ = cMallopt(-2, 64 << 20)  // M_TOP_PAD
        #endif
    }

    /// User + system CPU time of this process so far, in seconds.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func printLine(_ s: String) {
        print(s)
        fflush(nil)  // every output stream; `stdout` itself is a global var Swift 6 rejects
    }

    /// Suspends until SIGINT or SIGTERM; returns the signal's name.
    private static func waitForTermination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Termination.shared.wait(continuation)
        }
    }
}

/// SIGINT/SIGTERM for ``SimCommand``: the handler (``TerminationSignals``, one per process) is installed
/// when the command starts. A signal before the cluster serves (while seeding) exits at once with 0, as
/// the default action would have ended it; after that it resumes the waiting command, which stops the
/// cluster first.
private final class Termination: Sendable {
    static let shared = Termination()

    /// The waiting command, once it waits; taken (set to nil) by the first signal after that.
    private let waiting = Mutex<CheckedContinuation<String, Never>?>(nil)

    func install() {
        TerminationSignals.install { self.received(TerminationSignals.name($0)) }
    }

    private func received(_ name: String) {
        let waiter = waiting.withLock { state -> CheckedContinuation<String, Never>? in
            defer { state = nil }
            return state
        }
        guard let waiter else { Foundation.exit(0) }
        waiter.resume(returning: name)
    }

    func wait(_ continuation: CheckedContinuation<String, Never>) {
        waiting.withLock { $0 = continuation }
    }
}

#if os(Linux)
/// glibc `int mallopt(int param, int value)` (not exported by the Glibc module).
@_silgen_name("mallopt")
private func cMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
