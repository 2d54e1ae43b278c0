"""
The interpreters family: python, node, perl, ruby, php and their inline
code (``-c``/``-e``), scanned for the calls it makes.
"""

__all__: list[str] = []
