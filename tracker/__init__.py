"""tracker: follow the parties' stated positions in negotiations, round by round."""

__version__ = "0.1.0"
