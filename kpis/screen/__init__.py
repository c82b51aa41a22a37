"""Office screens: the board's scorecard as large-type slides that rotate on a TV (DESIGN §9)."""
