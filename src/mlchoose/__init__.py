"""mlchoose: choose a master's program in machine learning from sourced facts and your own weights."""

__version__ = "1.0.0"
