"""pytest fixtures shared by the official-client tests (filled in by the simulator work)."""
