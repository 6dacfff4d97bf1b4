// AerospikeSim: an in-process, multi-node, wire-compatible Aerospike simulator with fault injection.
