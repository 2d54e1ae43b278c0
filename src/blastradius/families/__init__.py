"""
Program families: one package per program family, each with its grammar,
its rule rows and its analyzer.
"""

__all__: list[str] = []
