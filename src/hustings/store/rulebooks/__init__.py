"""The model of an organisation's adopted rulebooks: current and past versions."""
