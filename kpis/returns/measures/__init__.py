"""Each measure of DESIGN §10.3, a pure function of the prepared returns and the months due."""
