"""
The package managers family: apt, dnf, brew, pip, npm, cargo, go …
"""

__all__: list[str] = []
