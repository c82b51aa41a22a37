"""The month view: scorecard lines, then SPC signals and exceptions, the board card, its HTML."""
