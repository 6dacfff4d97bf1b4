// Tests for AeroVaultCLI.
