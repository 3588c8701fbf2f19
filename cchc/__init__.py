"""CCHC: the platform a province uses to plan, measure and steer its public administration reform."""

__version__ = "0.1.0"
