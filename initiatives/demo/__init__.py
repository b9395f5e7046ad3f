"""The initiatives section of the demo network: clusters of similar work across provinces."""

from initiatives.demo.loader import load_demo_initiatives

__all__ = ["load_demo_initiatives"]
