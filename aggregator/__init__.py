"""Central Asia civil-society news aggregator: collect partner feeds and pages, publish one feed."""

__version__ = "0.1.0"
