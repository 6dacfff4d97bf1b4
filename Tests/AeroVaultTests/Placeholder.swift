// Tests for AeroVault.
