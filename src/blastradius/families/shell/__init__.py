"""
The shell tools family: the read-only allowlist and the tools that change
files, disks, processes, services, firewalls and accounts.
"""

__all__: list[str] = []
