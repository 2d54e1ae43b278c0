"""
Program families (placeholder: the integrator keeps toolsfam's file).
"""

__all__: list[str] = []
