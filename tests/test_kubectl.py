"""
Tests for the kubectl analyzer: findings and the scores they lead to.
"""

from __future__ import annotations

import shlex

from collections.abc import Iterable

import pytest

from tests.helpers import DELETE_NS_PROD

import blastradius

from blastradius import Tier
from blastradius._model import Effect, Finding, Kind
from blastradius.analyzers import DEFAULT_REGISTRY, Nested, Output
from blastradius.analyzers.kubectl import (
    ANALYZER,
    ANALYZERS,
    analyze,
    call_effect,
    manifest_kinds,
    parse_kubectl,
)
from blastradius.families.kubectl.rules import ACTION_BY_PATH


def score(cmd: str) -> blastradius.Assessment:
    """
    Score *cmd* word-split (no shell), as an argv.
    """
    return blastradius.score(shlex.split(cmd))


def rules(cmd: str) -> set[str]:
    return {f.rule for f in score(cmd).findings}


def finding(cmd: str, rule: str) -> Finding:
    found = [f for f in score(cmd).findings if f.rule == rule]
    assert found, (cmd, rule, rules(cmd))
    return found[0]


class TestIssueTargets:
    @pytest.mark.parametrize("cmd", DELETE_NS_PROD)
    def test_delete_namespace_blocked_in_every_spelling(
        self, cmd: str
    ) -> None:
        """
        Deleting a namespace is blocked however it is written.
        """
        a = score(cmd)
        assert a.tier is Tier.BLOCKED
        assert "kubectl.delete.namespace" in {f.rule for f in a.findings}

    @pytest.mark.parametrize(
        "cmd",
        [
            "sudo kubectl delete ns prod",
            "bash -c 'kubectl delete ns prod'",
            "timeout 5 kubectl -n prod delete ns x",
            "env KUBECONFIG=/k kubectl delete ns/prod",
            "echo $(kubectl delete namespaces prod)",
            "xargs kubectl delete ns",
            "kubectl get ns -o name | xargs kubectl delete",
            "nice -n 5 kubectl delete Namespace prod",
        ],
    )
    def test_delete_namespace_blocked_behind_wrappers(self, cmd: str) -> None:
        """
        Wrappers read by the shell layer do not hide the hard rule (or the
        unknown, when the kind is only known at run time).
        """
        a = blastradius.score(cmd)
        if "xargs kubectl delete" in cmd and "ns" not in cmd.split()[-1:]:
            assert a.tier >= Tier.HUMAN
            assert "kubectl.dynamic.unknown" in {f.rule for f in a.findings}
        else:
            assert a.tier is Tier.BLOCKED

    @pytest.mark.parametrize(
        ("cmd", "tier"),
        [
            ("kubectl delete deploy api -n prod", Tier.DUAL),
            ("kubectl scale deploy api --replicas=3 -n dev", Tier.AUTO),
            ("kubectl scale deploy api --replicas=3 -n prod", Tier.HUMAN),
            ("kubectl scale deploy api --replicas=0 -n prod", Tier.DUAL),
            ("kubectl get pods -A", Tier.AUTO),
            ("kubectl rollout restart deploy/api -n prod", Tier.HUMAN),
            ("kubectl delete ns prod --dry-run=server", Tier.AUTO),
            ("kubectl delete deploy api --dry-run=none -n prod", Tier.DUAL),
            ("kubectl delete pod api-1 -n prod", Tier.HUMAN),
            ("kubectl delete pods --all -A", Tier.BLOCKED),
            ("kubectl delete all --all -n prod", Tier.DUAL),
            ("kubectl exec -it web -n prod -- sh", Tier.HUMAN),
            ("kubectl exec -it web -n kube-system -- sh", Tier.DUAL),
            ("kubectl config view --raw", Tier.DUAL),
            ("kubectl config view", Tier.AUTO),
            ("kubectl config use-context prod", Tier.AUTO),
            ("kubectl cordon node-1", Tier.HUMAN),
            ("kubectl drain node-1 --ignore-daemonsets", Tier.DUAL),
            (
                "kubectl create clusterrolebinding x --clusterrole=admin",
                Tier.DUAL,
            ),
            ("kubectl delete secret s -n dev", Tier.HUMAN),
            ("kubectl delete node n-1", Tier.DUAL),
            ("kubectl label --local -f x.yaml a=b -o yaml", Tier.AUTO),
        ],
    )
    def test_tiers(self, cmd: str, tier: Tier) -> None:
        """
        The tuned tiers of the issue and of this module's documentation.
        """
        assert score(cmd).tier is tier, score(cmd).reasons

    def test_dry_run_none_is_not_auto(self) -> None:
        """
        --dry-run=none is no dry run.
        """
        a = score("kubectl delete deploy api --dry-run=none -n prod")
        assert a.tier > Tier.AUTO
        assert "kubectl.dry-run" not in {f.rule for f in a.findings}


class TestActions:
    def test_action_finding_fields(self) -> None:
        """
        An action finding carries rule, words, effect, base, namespace,
        context and resource.
        """
        (f,) = [
            f
            for f in analyze_argv(
                "kubectl --context staging delete deploy api -n prod"
            )
            if f.kind is Kind.ACTION
        ]
        assert f.rule == "kubectl.delete"
        assert f.words == ("delete", "deploy", "api")
        assert f.effect is Effect.DESTRUCTIVE
        assert f.scoped
        assert f.namespace == "prod"
        assert f.context == "staging"
        assert f.resource == "deployments"
        assert f.score == ACTION_BY_PATH[("delete",)].base
        assert "deletes objects" in f.message

    def test_cluster_scoped_kinds_ignore_namespace(self) -> None:
        """
        A cluster-scoped kind is not weighed by the -n given.
        """
        f = finding("kubectl delete node n1 -n dev", "kubectl.delete")
        assert f.namespace is None
        assert "no namespace" in f.message

    def test_all_namespaces_has_no_namespace(self) -> None:
        """
        -A acts everywhere: the action has no single namespace.
        """
        f = finding("kubectl delete pods -l a=b -A -n dev", "kubectl.delete")
        assert f.namespace is None

    def test_resource_criticality_raises_base(self) -> None:
        """
        Deleting a secret weighs more than deleting a deployment, which
        weighs more than deleting a pod.
        """
        s = score("kubectl delete secret x -n prod").score
        d = score("kubectl delete deploy x -n prod").score
        p = score("kubectl delete pod x -n prod").score
        assert s > d > p

    def test_several_kinds_score_the_worst(self) -> None:
        """
        pod,secret scores as the secret.
        """
        both = score("kubectl delete pod,secret x -n prod").score
        assert both >= score("kubectl delete secret x -n prod").score

    def test_read_only_is_zero(self) -> None:
        """
        Read-only commands score 0 whatever the namespace or scope.
        """
        for cmd in (
            "kubectl get pods -A",
            "kubectl -n kube-system describe pods",
            "kubectl logs -f deploy/x -n prod",
            "kubectl auth can-i '*' '*'",
            "kubectl get secrets --all-namespaces -l a=b",
        ):
            assert score(cmd).score == 0, cmd

    def test_read_only_unknown_kind_is_not_unknown(self) -> None:
        """
        Reading an unknown (custom) kind is not an unknown: nothing
        changes.
        """
        assert score("kubectl get widgets.example.com").tier is Tier.AUTO

    def test_changing_unknown_kind_is_unknown(self) -> None:
        """
        Changing an unknown kind floors at HUMAN with kubectl.resource.unknown.
        """
        a = score("kubectl delete widgets x -n dev")
        assert "kubectl.resource.unknown" in {f.rule for f in a.findings}
        assert a.tier >= Tier.HUMAN


class TestModifiers:
    @pytest.mark.parametrize(
        ("cmd", "rule"),
        [
            ("kubectl delete pod a b", "kubectl.scope.several-names"),
            ("kubectl delete pods -l a=b", "kubectl.scope.selector"),
            (
                "kubectl delete pods --field-selector x=y",
                "kubectl.scope.selector",
            ),
            ("kubectl delete pods --all", "kubectl.scope.all"),
            ("kubectl delete pods -A -l a=b", "kubectl.scope.all-namespaces"),
            ("kubectl delete pod x --force", "kubectl.force"),
            (
                "kubectl delete pod x --grace-period=0",
                "kubectl.grace-period-zero",
            ),
            (
                "kubectl delete deploy x --cascade=orphan",
                "kubectl.cascade-orphan",
            ),
            ("kubectl scale deploy x --replicas=0", "kubectl.replicas-zero"),
            ("kubectl scale deploy x --replicas 0", "kubectl.replicas-zero"),
            ("kubectl apply --prune -f x -l a=b", "kubectl.prune"),
            ("kubectl label --overwrite pods foo a=b", "kubectl.overwrite"),
            (
                "kubectl drain n --delete-emptydir-data",
                "kubectl.drain.delete-emptydir-data",
            ),
            (
                "kubectl drain n --disable-eviction",
                "kubectl.drain.disable-eviction",
            ),
            (
                "kubectl apply --server-side --force-conflicts -f x",
                "kubectl.force-conflicts",
            ),
        ],
    )
    def test_fires(self, cmd: str, rule: str) -> None:
        """
        Each modifier fires on its flag and adds its score.
        """
        f = finding(cmd, rule)
        assert f.kind is Kind.MODIFIER
        assert f.score > 0
        assert f.words

    def test_not_on_read_only(self) -> None:
        """
        Scope modifiers do not apply to read-only commands.
        """
        assert not {
            f.rule for f in score("kubectl get pods --all -A -l x").findings
        } & {"kubectl.scope.all", "kubectl.scope.all-namespaces"}

    def test_false_values_do_not_fire(self) -> None:
        """
        --force=false and --all=false are not modifiers.
        """
        got = rules("kubectl delete pods x --force=false --all=false")
        assert "kubectl.force" not in got
        assert "kubectl.scope.all" not in got

    def test_replicas_nonzero(self) -> None:
        """
        --replicas=3 is no modifier.
        """
        assert "kubectl.replicas-zero" not in rules(
            "kubectl scale deploy x --replicas=3"
        )


class TestSpecialCases:
    def test_apply_prune_deletes(self) -> None:
        """
        apply --prune is destructive.
        """
        call = parse_kubectl(
            shlex.split("kubectl apply --prune -f m.yaml -l a")
        )
        assert call_effect(call) is Effect.DESTRUCTIVE
        assert "kubectl.apply.prune" in rules(
            "kubectl apply --prune -f m -l a"
        )

    def test_replace_force_deletes(self) -> None:
        """
        replace --force deletes and recreates.
        """
        f = finding("kubectl replace --force -f x", "kubectl.replace.force")
        assert f.effect is Effect.DESTRUCTIVE

    @pytest.mark.parametrize(
        "patch",
        [
            '{"metadata":{"finalizers":null}}',
            '{"metadata": {"finalizers": []}}',
            '[{"op": "remove", "path": "/metadata/finalizers"}]',
            '{"metadata":{"finalizers":[{"$patch":"delete"}]}}',
            "metadata:\n  finalizers: null",
        ],
    )
    def test_patch_removing_finalizers(self, patch: str) -> None:
        """
        A patch that clears finalizers is destructive.
        """
        a = blastradius.score(["kubectl", "patch", "pvc", "x", "-p", patch])
        assert "kubectl.patch.finalizers" in {f.rule for f in a.findings}

    def test_patch_other_fields(self) -> None:
        """
        Other patches are not the finalizer rule.
        """
        a = blastradius.score(
            [
                "kubectl",
                "patch",
                "deploy",
                "x",
                "-p",
                '{"spec":{"replicas":2}}',
            ]
        )
        assert "kubectl.patch.finalizers" not in {f.rule for f in a.findings}

    def test_auth_reconcile_writes_rbac(self) -> None:
        """
        auth reconcile mutates.
        """
        f = finding(
            "kubectl auth reconcile -f r.yaml", "kubectl.auth.reconcile"
        )
        assert f.effect is Effect.MUTATING

    def test_config_view_raw(self) -> None:
        """
        config view --raw discloses credentials; --raw=false does not.
        """
        assert "kubectl.config.view.raw" in rules("kubectl config view --raw")
        assert "kubectl.config.view.raw" not in rules(
            "kubectl config view --raw=false"
        )

    def test_set_env_list_is_read_only(self) -> None:
        """
        --list replaces the change with a read.
        """
        a = score("kubectl set env deployment/x --list -n prod")
        assert a.tier is Tier.AUTO
        assert "kubectl.set.env" not in {f.rule for f in a.findings}

    def test_run_interactive_is_indirect(self) -> None:
        """
        run -it attaches to the pod.
        """
        call = parse_kubectl(shlex.split("kubectl run -i -t x --image=b"))
        assert call_effect(call) is Effect.INDIRECT

    def test_debug_node(self) -> None:
        """
        debug node/… is the node-level special.
        """
        assert "kubectl.debug.node" in rules(
            "kubectl debug node/n -it --image=b"
        )

    def test_exec_enters_container_and_shell_sees_command(self) -> None:
        """
        exec is an indirect action; the shell layer analyses the command
        after -- on its own.
        """
        a = blastradius.score("kubectl exec -it web -- kubectl delete ns prod")
        assert a.tier is Tier.BLOCKED
        assert "kubectl.exec" in {f.rule for f in a.findings}

    def test_manifest_contents_unknown(self) -> None:
        """
        -f/-k contents are unknown for changing commands, not for reads.
        """
        for cmd in (
            "kubectl apply -f x.yaml",
            "kubectl delete -f -",
            "kubectl apply -k dir/",
            "kubectl create -f https://x/y.yaml",
            "kubectl patch deploy x --patch-file p.yaml",
        ):
            a = score(cmd)
            assert "kubectl.manifest.contents-unknown" in {
                f.rule for f in a.findings
            }, cmd
            assert a.tier >= Tier.HUMAN
        assert score("kubectl get -f x.yaml").tier is Tier.AUTO
        assert score("kubectl diff -f x.yaml").tier is Tier.AUTO

    def test_delete_from_file_still_destructive(self) -> None:
        """
        delete -f is destructive even though the objects are unknown.
        """
        f = finding("kubectl delete -f x.yaml -n prod", "kubectl.delete")
        assert f.effect is Effect.DESTRUCTIVE
        assert score("kubectl delete -f x.yaml -n prod").tier is Tier.DUAL


class TestDryRun:
    @pytest.mark.parametrize(
        "flag", ["--dry-run", "--dry-run=client", "--dry-run=server"]
    )
    def test_no_hard_rule(self, flag: str) -> None:
        """
        A dry run fires no hard rule, no modifier and no contents unknown.
        """
        a = score(f"kubectl delete ns prod --all -A --force -f x {flag}")
        kinds = {f.kind for f in a.findings}
        assert Kind.HARD not in kinds
        assert Kind.MODIFIER not in kinds
        assert a.tier is Tier.AUTO
        assert "kubectl.dry-run" in {f.rule for f in a.findings}

    def test_never_hides_exec(self) -> None:
        """
        --dry-run on a command without a dry run (exec) changes nothing.
        """
        with_dry = score("kubectl exec --dry-run web -n prod -- sh")
        without = score("kubectl exec web -n prod -- sh")
        assert with_dry.score >= without.score

    def test_local(self) -> None:
        """
        --local keeps set/label off the cluster; elsewhere it is ignored.
        """
        assert "kubectl.local" in rules(
            "kubectl set image -f x.yaml a=b --local -o yaml"
        )
        assert "kubectl.local" not in rules("kubectl delete pod x --local")


class TestUnknowns:
    def test_plugin(self) -> None:
        """
        A plugin is kubectl.command.unknown and floors at HUMAN.
        """
        a = score("kubectl foo bar")
        assert {f.rule for f in a.findings} == {"kubectl.command.unknown"}
        assert a.tier is Tier.HUMAN

    def test_unknown_flag(self) -> None:
        """
        An unknown flag is kubectl.flag.unknown.
        """
        assert "kubectl.flag.unknown" in rules("kubectl get pods --bogus")

    def test_kubeconfig(self) -> None:
        """
        An explicit kubeconfig may run credential plugins.
        """
        f = finding(
            "kubectl --kubeconfig k get pods", "kubectl.kubeconfig.unknown"
        )
        assert f.kind is Kind.UNKNOWN
        assert f.words == ("--kubeconfig", "k")

    def test_dynamic_kind(self) -> None:
        """
        A kind only known at run time is unknown for a change.
        """
        a = blastradius.score("kubectl delete $KIND x")
        assert "kubectl.dynamic.unknown" in {f.rule for f in a.findings}

    def test_manifest_sources_by_flag(self) -> None:
        """
        Each file, URL or stdin the objects come from is an unknown,
        listed by flag (``-f`` before ``-k``), each flag's in order.
        """
        a = score("kubectl apply -k dir -f b.yaml --filename=- -f a.yaml")
        found = [
            f.words
            for f in a.findings
            if f.rule == "kubectl.manifest.contents-unknown"
        ]

        assert found == [
            ("--filename", "b.yaml"),
            ("--filename", "-"),
            ("--filename", "a.yaml"),
            ("--kustomize", "dir"),
        ]
        messages = {f.message for f in a.findings if f.words in found}
        assert any(m.endswith(": stdin") for m in messages)
        assert any(m.endswith(": 'a.yaml'") for m in messages)

    def test_name_spelled_like_its_kind(self) -> None:
        """
        ``delete pod pod`` names the pod once in the action's words.
        """
        f = finding("kubectl delete pod pod", "kubectl.delete")
        assert f.words == ("delete", "pod")
        assert f.resource == "pods"


class Recorder:
    """
    A Context that records the nested commands the analyzer returns (it
    never calls back: ``calls`` lists the `Nested` records it returned).
    """

    def __init__(self) -> None:
        self.policy = blastradius.Policy()
        self.calls: list[tuple[str, object, str]] = []

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        raise AssertionError((text, via))

    def argv(
        self, argv: object, *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        raise AssertionError((argv, via))

    def findings(self, found: Iterable[Output]) -> list[Finding]:
        """*found*'s findings; its `Nested` records go to ``calls``."""
        out: list[Finding] = []
        for item in found:
            if isinstance(item, Nested):
                self.calls.append(
                    ("script", item.script, item.via)
                    if item.script is not None
                    else ("argv", list(item.argv or ()), item.via)
                )
            else:
                assert isinstance(item, Finding)
                out.append(item)
        return out


def run_with(
    argv: list[str], assignments: list[tuple[str, str]]
) -> tuple[list[Finding], Recorder]:
    from blastradius._model import SimpleCommand

    ctx = Recorder()
    cmd = SimpleCommand(argv=argv, assignments=assignments)
    return ctx.findings(analyze(cmd, ctx)), ctx


class TestEnvironment:
    def test_editor_is_analysed(self) -> None:
        """
        KUBE_EDITOR's command is analysed as a script.
        """
        found, ctx = run_with(
            ["kubectl", "edit", "svc/y"],
            [("KUBE_EDITOR", "vim -c ':!rm -rf /'")],
        )
        assert ctx.calls == [("script", "vim -c ':!rm -rf /'", "KUBE_EDITOR")]
        assert "kubectl.env.editor" in {f.rule for f in found}

    def test_external_diff_is_analysed(self) -> None:
        """
        KUBECTL_EXTERNAL_DIFF's program is analysed as an argv.
        """
        found, ctx = run_with(
            ["kubectl", "diff", "-f", "m"],
            [("KUBECTL_EXTERNAL_DIFF", "meld --newtab")],
        )
        assert ctx.calls == [
            ("argv", ["meld", "--newtab"], "KUBECTL_EXTERNAL_DIFF")
        ]
        assert "kubectl.env.external-diff" in {f.rule for f in found}

    def test_kubeconfig_env(self) -> None:
        """
        KUBECONFIG= is an unknown; other assignments are ignored.
        """
        found, ctx = run_with(
            ["kubectl", "get", "pods"], [("KUBECONFIG", "/k"), ("A", "b")]
        )
        assert ctx.calls == []
        assert [f.rule for f in found] == [
            "kubectl.kubeconfig.unknown",
            "kubectl.get",
        ]

    def test_through_the_shell_layer(self) -> None:
        """
        An editor given by a leading assignment is scored as a command.
        """
        a = blastradius.score("KUBE_EDITOR=nano kubectl edit svc/registry")
        assert {c.program for c in a.commands} >= {"kubectl"}
        assert a.tier >= Tier.HUMAN


class TestRegistry:
    def test_registered(self) -> None:
        """
        kubectl and oc are registered (oc through the platform family,
        which hands kubectl's commands to kubectl's analyzer); .exe folds
        to kubectl.
        """
        from blastradius.analyzers.platform import analyze_oc

        assert ANALYZERS["kubectl"] is ANALYZER
        assert DEFAULT_REGISTRY["kubectl"] is ANALYZER
        assert DEFAULT_REGISTRY["oc"] is analyze_oc
        a = blastradius.score(["C:\\bin\\kubectl.exe", "delete", "ns", "x"])
        assert a.tier is Tier.BLOCKED

    def test_policy_alias(self) -> None:
        """
        An alias from the policy (k → kubectl) reaches the analyzer.
        """
        policy = blastradius.Policy(aliases={"k": "kubectl"})
        a = blastradius.score("k -n prod delete ns x", policy=policy)
        assert a.tier is Tier.BLOCKED

    def test_reasons_name_rule_and_words(self) -> None:
        """
        Every kubectl reason names its rule id and the words that fired.
        """
        a = score("kubectl delete pods --all --force -n prod")
        for f in a.findings:
            assert f.reason.startswith(f.rule)
            assert f.words
            assert f.message


def analyze_argv(cmd: str) -> list[Finding]:
    """
    Run the analyzer alone on a word-split *cmd* (no nested analysis).
    """
    from blastradius._model import SimpleCommand

    class NoContext:
        policy = blastradius.Policy()

        def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
            raise AssertionError(text)

        def argv(
            self, argv: object, *, via: str, dynamic: bool = False
        ) -> tuple[Finding, ...]:
            raise AssertionError(argv)

    return Recorder().findings(
        analyze(SimpleCommand(argv=shlex.split(cmd)), NoContext())
    )


class TestKnownStdin:
    def test_manifest_kinds(self) -> None:
        """
        YAML and JSON kind lines are read; unknown kinds and lists are not.
        """
        text = (
            "kind: Namespace\n"
            "- kind: PersistentVolumeClaim # note\n"
            '{"kind": "PersistentVolume", "items": [{"kind":"ClusterRole"}]}\n'
            "  'kind': 'Pod'\n"
            "kind: List\nkind:\nkind: Widget\n"
        )
        assert [r.resource for r in manifest_kinds(text)] == [
            "namespaces",
            "persistentvolumeclaims",
            "persistentvolumes",
            "clusterroles",
            "pods",
        ]

    def test_delete_namespace_from_known_stdin(self) -> None:
        """
        delete -f - fed a known manifest of a Namespace is blocked.
        """
        from blastradius._model import SimpleCommand

        cmd = SimpleCommand(
            argv=["kubectl", "delete", "-f", "-"],
            stdin="apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n",
        )
        ctx = Recorder()
        found = ctx.findings(analyze(cmd, ctx))
        assert "kubectl.delete.namespace" in {f.rule for f in found}

    def test_heredoc_through_the_shell_layer(self) -> None:
        """
        The same through a heredoc read by the shell layer.
        """
        a = blastradius.score(
            "kubectl delete -f - <<EOF\nkind: Namespace\nEOF\n"
        )
        assert a.tier is Tier.BLOCKED

    def test_stdin_without_known_kinds(self) -> None:
        """
        A known stdin naming no built-in kind adds nothing.
        """
        from blastradius._model import SimpleCommand

        cmd = SimpleCommand(
            argv=["kubectl", "delete", "-f", "-"], stdin="kind: Widget\n"
        )
        ctx = Recorder()
        found = [
            f for f in ctx.findings(analyze(cmd, ctx)) if f.kind is Kind.ACTION
        ]
        assert [f.resource for f in found] == [None]

    def test_stdin_ignored_without_dash(self) -> None:
        """
        Known stdin is not read when -f names a file.
        """
        from blastradius._model import SimpleCommand

        cmd = SimpleCommand(
            argv=["kubectl", "delete", "-f", "x.yaml"], stdin="kind: Namespace"
        )
        assert "kubectl.delete.namespace" not in {
            f.rule for f in Recorder().findings(analyze(cmd, Recorder()))
        }


class TestAssessmentCalls:
    """The scorer keeps the call kubectl's grammar read in `Assessment.calls`."""

    def test_one_call_per_kubectl_command(self) -> None:
        """
        Each kubectl command analysed gives one call, equal to parsing it
        (run-time words marked); other programs give none.
        """
        from blastradius.families.kubectl.grammar import (
            KubectlCall,
            parse_command,
        )

        a = blastradius.score(
            "kubectl get pods -n prod && ls && kubectl delete po/x"
        )

        calls = [c for c in a.calls if isinstance(c, KubectlCall)]
        assert [c.path for c in calls] == [("get",), ("delete",)]
        kubectl = [c for c in a.commands if c.program == "kubectl"]
        assert list(a.calls) == [parse_command(c) for c in kubectl]
        assert blastradius.score("ls -la").calls == ()

    def test_wrapped_and_dynamic(self) -> None:
        """
        A kubectl command behind a wrapper is read too; a namespace only
        known at run time is not taken for a namespace.
        """
        from blastradius.families.kubectl.grammar import KubectlCall

        a = blastradius.score('sudo kubectl -n "$NS" delete deploy api')

        (call,) = a.calls
        assert isinstance(call, KubectlCall)
        assert call.namespace is None
        assert call.resources[0].resource == "deployments"

    def test_calls_survive_pickle_and_stay_out_of_json(self) -> None:
        """
        An assessment with calls pickles and compares equal; `to_dict`
        (and so the JSON output) and the repr are unchanged by them.
        """
        import pickle

        a = blastradius.score("kubectl scale deploy/api --replicas=0 -n prod")

        assert pickle.loads(pickle.dumps(a)) == a  # noqa: S301
        assert "calls" not in a.to_dict()
        assert "calls" not in repr(a)

    def test_constructor_takes_calls(self) -> None:
        """`Assessment` takes *calls* as any iterable, kept as a tuple."""
        call = parse_kubectl(["kubectl", "get", "pods"])
        a = blastradius.Assessment(
            score=0,
            tier=Tier.AUTO,
            reasons=(),
            findings=(),
            commands=(),
            calls=iter([call]),
        )

        assert a.calls == (call,)
        assert (
            blastradius.Assessment(
                score=0, tier=Tier.AUTO, reasons=(), findings=(), commands=()
            ).calls
            == ()
        )


class TestFamilyAnalyzer:
    """The registry's kubectl analyzer reads a command once."""

    def test_call_and_read_call_agree(self) -> None:
        """
        Calling the analyzer, `read_call` and the `analyze` function give
        the same findings; `read_call` also returns the call it read.
        """
        from blastradius import SimpleCommand
        from blastradius._score import _Run
        from blastradius.analyzers import DEFAULT_REGISTRY

        cmd = SimpleCommand(argv=("kubectl", "delete", "deploy", "api"))
        ctx = _Run(blastradius.Policy(), DEFAULT_REGISTRY)
        call, found = ANALYZER.read_call(cmd, ctx)

        assert call == parse_kubectl(cmd.argv)
        assert found == ANALYZER(cmd, ctx) == analyze(cmd, ctx)
        assert repr(ANALYZER) == "<kubectl analyzer>"

    def test_rows_load_on_first_use(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        The analyzer imports the modifier rows the first time a command
        needs them, and finds them in the module table after that.
        """
        import sys

        import blastradius.families.kubectl as package

        from blastradius.families.kubectl import analyzer, modifiers

        name = "blastradius.families.kubectl.modifiers"
        assert analyzer._more() is modifiers
        monkeypatch.delitem(sys.modules, name)
        # the import below rebinds the package's attribute: undone after
        monkeypatch.setattr(package, "modifiers", modifiers)

        fresh = analyzer._more()

        assert fresh is not modifiers
        assert fresh.__name__ == name
        assert sys.modules[name] is fresh
