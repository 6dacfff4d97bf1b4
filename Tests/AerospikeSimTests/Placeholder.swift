// Tests for AerospikeSim.
