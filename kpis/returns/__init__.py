"""DfE's own measures from the SSDA903 and CIN census returns (DESIGN §10)."""
