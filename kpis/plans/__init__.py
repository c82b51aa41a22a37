"""Improvement plans: inspection recommendations, actions and progress, tied to the scorecard."""
