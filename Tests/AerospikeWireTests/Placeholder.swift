// Tests for AerospikeWire.
