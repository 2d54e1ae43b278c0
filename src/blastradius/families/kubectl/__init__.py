"""
The kubectl family (``kubectl`` and OpenShift's ``oc``).

- `blastradius.families.kubectl.grammar`: kubectl's command tree and flags,
  read once per command into a `KubectlCall`;
- `blastradius.families.kubectl.rules`: the rule rows, with literal ids;
- `blastradius.families.kubectl.analyzer`: a `KubectlCall` → findings;
- `blastradius.families.kubectl.rollback`: a `KubectlCall` → a rollback
  plan.

Nothing is imported here, so that importing one module costs only that
module.
"""

__all__: list[str] = []
