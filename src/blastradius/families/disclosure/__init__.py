"""
The judgment family: disclosure, exfiltration and permission widening,
judged on every command after its program's own analyzer.
"""

__all__: list[str] = []
