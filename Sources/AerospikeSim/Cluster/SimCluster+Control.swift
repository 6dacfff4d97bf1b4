/// The `sim-*` info commands: fault injection and node control over the wire (SPEC.md §13).
///
/// * `sim-kill:node=N` / `sim-revive:node=N` — kill or revive node N (reply `ok`; a node killing
///   itself replies before its sockets close).
/// * `sim-fault:node=N;error=18;rate=0.5;delay-ms=20;drop-scan-after=100` — set node N's faults
///   (all nodes without `node=`); `sim-fault:clear` removes every fault.
/// * `sim-clock:advance=SECONDS` or `sim-clock:offset-ms=MS` — move the cluster clock.
/// * `sim-status` — `sim-protocol=1;live=0,1,2;peers-generation=…;offset-ms=…`.
///
/// With security on these need the `sys-admin` role.
extension SimCluster {
    /// Largest clock shift accepted over the wire (100 years), so time arithmetic cannot overflow.
    static let maxClockShiftSeconds: Double = 100 * 365 * 86_400

    func control(_ req: InfoRequest, user: String?) -> String {
        guard security.allows(user, .sysAdmin) else { return "ERROR:81:role violation - requires permission 'sys-admin'" }
        var node: Int? = nil
        if let text = req.keywords["node"] {
            guard let n = Int(text), (0..<config.nodeCount).contains(n) else { return "ERROR:4:bad node \(text)" }
            node = n
        }
        switch req.name {
        case "sim-kill":
            guard let node else { return "ERROR:4:node= required" }
            // Let the reply leave before the sockets close (the node may be killing itself).
            if let loop = runtime.group?.next() {
                loop.scheduleTask(in: .milliseconds(20)) { self.killNow(node: node) }
            } else {
                killNow(node: node)
            }
            return "ok"
        case "sim-revive":
            guard let node else { return "ERROR:4:node= required" }
            Task {
                do { try await self.revive(node: node) } catch { print("sim-revive failed: \(error)") }
            }
            return "ok"
        case "sim-fault":
            if req.keywords["clear"] != nil {
                clearFaults()
                return "ok"
            }
            switch SimFaults.parse(req.keywords) {
            case .failure(let e): return "ERROR:4:\(e.message)"
            case .success(let plan):
                setFault(plan, node: node)
                return "ok"
            }
        case "sim-clock":
            if let s = req.keywords["advance"] {
                guard let seconds = Double(s), abs(seconds) <= Self.maxClockShiftSeconds else {
                    return "ERROR:4:bad advance \(s) (seconds, at most ±\(Int(Self.maxClockShiftSeconds)))"
                }
                clock.advance(seconds: seconds)
            } else if let s = req.keywords["offset-ms"] {
                guard let ms = Int64(s), abs(Double(ms)) <= Self.maxClockShiftSeconds * 1000 else {
                    return "ERROR:4:bad offset-ms \(s)"
                }
                clock.offsetMilliseconds = ms
            }
            return "offset-ms=\(clock.offsetMilliseconds)"
        default:
            let live = state.liveNodes.map(String.init).joined(separator: ",")
            return "sim-protocol=1;live=\(live);peers-generation=\(state.peersGeneration);offset-ms=\(clock.offsetMilliseconds)"
        }
    }
}
