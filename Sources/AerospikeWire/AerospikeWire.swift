// AerospikeWire: a client for the Aerospike wire protocol (info, cluster map, partition scans, writes).
// It knows nothing of archives. Protocol facts: SPEC.md §"Aerospike wire protocol".
