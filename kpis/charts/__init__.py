"""Plotly charts for the scorecard: functions from tidy frames to figures, sharing one theme."""
