import AerospikeWire

/// Bin-level write operations of an operate: WRITE, INCR (ADD), APPEND, PREPEND.
enum SimBinOps {
    /// Applies one write-type op to the bins; returns a result code on failure.
    static func apply(_ op: Operation, to bins: inout [SimBin]) -> ResultCode? {
        guard !op.name.isEmpty else { return .parameterError }
        let index = bins.firstIndex { $0.name == op.name }
        let pt = op.particleType.rawValue
        switch op.type {
        case .write:
            if pt == SimParticle.null {
                if let index { bins.remove(at: index) }
                return nil
            }
            set(SimBin(name: op.name, particleType: pt, data: op.value), at: index, in: &bins)
            return nil
        case .add:
            guard pt == SimParticle.integer || pt == SimParticle.float, op.value.count == 8 else { return .parameterError }
            guard let index else {
                bins.append(SimBin(name: op.name, particleType: pt, data: op.value))
                return nil
            }
            let current = bins[index]
            guard current.particleType == pt, current.data.count == 8 else { return .binTypeError }
            let a = SimParticle.int64(bigEndian: current.data)
            let b = SimParticle.int64(bigEndian: op.value)
            let sum: Int64
            if pt == SimParticle.integer {
                sum = a &+ b
            } else {
                let d = Double(bitPattern: UInt64(bitPattern: a)) + Double(bitPattern: UInt64(bitPattern: b))
                sum = Int64(bitPattern: d.bitPattern)
            }
            bins[index].data = SimParticle.bigEndianBytes(sum)
            return nil
        case .append, .prepend:
            guard pt == SimParticle.string || pt == SimParticle.blob else { return .parameterError }
            guard let index else {
                bins.append(SimBin(name: op.name, particleType: pt, data: op.value))
                return nil
            }
            guard bins[index].particleType == pt else { return .binTypeError }
            if op.type == .append { bins[index].data += op.value } else { bins[index].data = op.value + bins[index].data }
            return nil
        default:
            // CDT, bit, HLL and expression ops are not simulated.
            return .parameterError
        }
    }

    private static func set(_ bin: SimBin, at index: Int?, in bins: inout [SimBin]) {
        if let index { bins[index] = bin } else { bins.append(bin) }
    }
}
