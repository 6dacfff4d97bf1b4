import AerospikeWire

/// A command refused with an Aerospike result code (internal: becomes the reply's result code).
struct CommandFailure: Error, Equatable {
    let code: ResultCode

    init(_ code: ResultCode) {
        self.code = code
    }
}
