"""mlchoose: choose a master's program in machine learning from sourced facts and your weights."""

__version__ = "1.1.0"
