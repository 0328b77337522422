"""The Textual app. Importing this package imports Textual; the core never does."""

from tracker.app.app import TrackerApp

__all__ = ["TrackerApp"]
