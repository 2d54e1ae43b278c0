"""
Tests for the kubectl grammar: `parse_kubectl` and `resolve_resource`.
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import KINDS, spellings

from blastradius.families.kubectl import _data as data
from blastradius.families.kubectl.grammar import (
    KubectlCall,
    ResourceRef,
    parse_kubectl,
    resolve_resource,
    resources_from_api_path,
    value_flags,
)
from blastradius.families.kubectl.rules import RESOURCE_BY_PLURAL


def p(cmd: str) -> KubectlCall:
    return parse_kubectl(["kubectl", *cmd.split()])


class TestResolveResource:
    @pytest.mark.parametrize(
        ("word", "plural"),
        [
            ("ns", "namespaces"),
            ("NS", "namespaces"),
            ("Namespace", "namespaces"),
            ("namespace", "namespaces"),
            ("po", "pods"),
            ("deploy", "deployments"),
            ("deployments.apps", "deployments"),
            ("deployments.v1.apps", "deployments"),
            ("Deployment.apps", "deployments"),
            ("job.v1.batch", "jobs"),
            ("clusterroles.rbac.authorization.k8s.io", "clusterroles"),
            ("crds", "customresourcedefinitions"),
            ("pvc", "persistentvolumeclaims"),
            ("pods.v1", "pods"),
            ("all", "all"),
        ],
    )
    def test_spellings(self, word: str, plural: str) -> None:
        """
        Singular, plural, short, Kind, any case and qualified forms all
        resolve to the canonical plural.
        """
        row = resolve_resource(word)
        assert row is not None
        assert row.resource == plural

    @pytest.mark.parametrize(
        "word",
        ["widgets", "deployments.batch", "pods.v1.apps", "x.y.z", "", "."],
    )
    def test_unknown(self, word: str) -> None:
        """
        Unknown kinds and kinds in the wrong group resolve to None.
        """
        assert resolve_resource(word) is None

    @given(st.sampled_from(KINDS))
    def test_every_kind_resolves_in_every_spelling(self, row: object) -> None:
        """
        Every built-in kind has several spellings and each resolves back.
        """
        assert hasattr(row, "resource")
        forms = spellings(row)  # type: ignore[arg-type]
        assert row.resource in forms
        for form in forms:
            found = resolve_resource(form)
            assert found is not None
            assert found.resource == row.resource

    def test_every_data_row_is_reachable(self) -> None:
        """
        Every resource of the generated data resolves from its plural
        qualified by its group.
        """
        for plural, _s, _k, group, _short, _ns in data.RESOURCES:
            word = f"{plural}.{group}" if group else plural
            found = resolve_resource(word)
            assert found is not None
            assert found.resource == plural


class TestGlobalFlags:
    @pytest.mark.parametrize(
        "cmd",
        [
            "-n prod delete pod x",
            "-nprod delete pod x",
            "-n=prod delete pod x",
            "--namespace prod delete pod x",
            "--namespace=prod delete pod x",
            "delete -n prod pod x",
            "delete pod -nprod x",
            "delete pod x --namespace=prod",
            "delete pod x -n prod",
        ],
    )
    def test_namespace_in_every_form_and_position(self, cmd: str) -> None:
        """
        -n is read in every form kubectl accepts, before or after the path.
        """
        call = p(cmd)
        assert call.namespace == "prod"
        assert call.path == ("delete",)
        assert [(r.resource, r.name) for r in call.resources] == [
            ("pods", "x")
        ]
        assert call.unknown == ()

    def test_last_namespace_wins(self) -> None:
        """
        A repeated flag keeps its last value, as pflag does.
        """
        assert p("-n a get pods -n b").namespace == "b"

    def test_context_kubeconfig_and_server(self) -> None:
        """
        --context, --kubeconfig, -s and --as take values.
        """
        call = p(
            "--context prod --kubeconfig /k -s https://x --as bob get pods"
        )
        assert call.context == "prod"
        assert call.kubeconfig == "/k"
        assert call.flag("server") == "https://x"
        assert call.flag("as") == "bob"
        assert call.path == ("get",)

    def test_klog_verbosity(self) -> None:
        """
        -v takes a value in every form.
        """
        for form in ("-v 5", "-v5", "-v=5", "--v=5", "--v 5"):
            call = p(f"{form} get pods")
            assert call.flag("v") == "5"
            assert call.path == ("get",)

    def test_all_namespaces(self) -> None:
        """
        -A and --all-namespaces, and =false turning it off.
        """
        assert p("get pods -A").all_namespaces
        assert p("--all-namespaces get pods").all_namespaces
        assert not p("get pods --all-namespaces=false").all_namespaces

    def test_bool_global_does_not_consume(self) -> None:
        """
        A boolean global flag leaves the next word alone.
        """
        call = p("--insecure-skip-tls-verify delete ns x")
        assert call.path == ("delete",)
        assert call.resources[0].resource == "namespaces"


class TestDryRun:
    @pytest.mark.parametrize(
        ("flag", "dry"),
        [
            ("--dry-run", True),
            ("--dry-run=client", True),
            ("--dry-run=server", True),
            ("--dry-run=true", True),
            ("--dry-run=none", False),
            ("--dry-run=false", False),
        ],
    )
    def test_values(self, flag: str, dry: bool) -> None:
        """
        Only none/false are not a dry run.
        """
        assert p(f"delete ns x {flag}").dry_run is dry

    def test_bare_dry_run_does_not_consume(self) -> None:
        """
        --dry-run may appear bare, so the next word stays positional.
        """
        call = p("delete --dry-run ns x")
        assert call.dry_run
        assert [(r.resource, r.name) for r in call.resources] == [
            ("namespaces", "x")
        ]

    def test_bare_cascade_does_not_consume(self) -> None:
        """
        --cascade may appear bare too.
        """
        call = p("delete --cascade pod x")
        assert call.flag("cascade") is None
        assert call.has("cascade")
        assert call.resources[0].name == "x"


class TestCommandPath:
    @pytest.mark.parametrize(
        ("cmd", "path"),
        [
            ("rollout undo deploy/x", ("rollout", "undo")),
            ("set image deploy/x a=b", ("set", "image")),
            ("config use-context prod", ("config", "use-context")),
            ("config use prod", ("config", "use-context")),
            ("auth reconcile -f x", ("auth", "reconcile")),
            ("certificate approve c", ("certificate", "approve")),
            ("create ns x", ("create", "namespace")),
            ("create secret generic s", ("create", "secret", "generic")),
            ("top no", ("top", "node")),
            ("-n x create deploy d --image=i", ("create", "deployment")),
            ("apply -f x", ("apply",)),
            ("help delete", ("help",)),
            ("", ()),
        ],
    )
    def test_paths(self, cmd: str, path: tuple[str, ...]) -> None:
        """
        The path follows the tree, aliases included.
        """
        call = p(cmd)
        assert call.path == path
        assert call.unknown == ()

    def test_every_tree_path_and_alias(self) -> None:
        """
        Every path of the generated tree parses to itself, also through
        its aliases.
        """
        for path, aliases, _subs, _src in data.COMMANDS:
            assert parse_kubectl(["kubectl", *path]).path == path
            for alias in aliases:
                spelled = [*path[:-1], alias]
                assert parse_kubectl(["kubectl", *spelled]).path == path

    def test_plugin_is_unknown(self) -> None:
        """
        A word that is no command is a plugin: unknown.
        """
        call = p("foo bar -n x")
        assert call.path == ()
        assert call.problems == (("command", "foo"),)
        assert call.namespace == "x"

    def test_unknown_subcommand_of_group(self) -> None:
        """
        An unknown word after a group command is an unknown command.
        """
        call = p("rollout explode deploy/x")
        assert call.path == ("rollout",)
        assert ("command", "explode") in call.problems

    def test_dynamic_path_word_is_unknown(self) -> None:
        """
        A path word only known at run time is not resolved.
        """
        call = parse_kubectl(
            ["kubectl", "$V", "ns", "x"], dynamic=[False, True, False, False]
        )
        assert call.path == ()
        assert call.problems == (("dynamic", "$V"),)


class TestResources:
    def test_comma_list_times_names(self) -> None:
        """
        TYPE,TYPE NAME NAME gives one reference per pair.
        """
        call = p("delete pod,service baz foo")
        assert [(r.resource, r.name) for r in call.resources] == [
            ("pods", "baz"),
            ("pods", "foo"),
            ("services", "baz"),
            ("services", "foo"),
        ]

    def test_type_slash_name(self) -> None:
        """
        TYPE/NAME words, several of them.
        """
        call = p("get rc/web service/frontend pods/web-pod-13je7")
        assert [(r.resource, r.name) for r in call.resources] == [
            ("replicationcontrollers", "web"),
            ("services", "frontend"),
            ("pods", "web-pod-13je7"),
        ]
        assert call.resources[0].words == ("rc/web",)

    def test_reference_fields(self) -> None:
        """
        A reference keeps the spelling, group and name.
        """
        ref = p("delete clusterroles.rbac.authorization.k8s.io x").resources[0]
        assert ref == ResourceRef(
            resource="clusterroles",
            group="rbac.authorization.k8s.io",
            name="x",
            spelled="clusterroles.rbac.authorization.k8s.io",
        )
        assert ref.rule is RESOURCE_BY_PLURAL["clusterroles"]

    def test_key_value_args_are_not_names(self) -> None:
        """
        label/annotate/set arguments are not object names.
        """
        call = p("label pods foo unhealthy=true bar- x:NoSchedule")
        assert [r.name for r in call.resources] == ["foo"]
        call = p("set env deployment/registry STORAGE_DIR=/local")
        assert [(r.resource, r.name) for r in call.resources] == [
            ("deployments", "registry")
        ]

    def test_files_replace_positional_types(self) -> None:
        """
        With -f the positional words are not types.
        """
        call = p("annotate -f pod.json description=x")
        assert call.resources == ()
        assert call.problems == ()

    def test_pod_grammar(self) -> None:
        """
        exec/logs name a pod or TYPE/NAME.
        """
        assert p("exec mypod -- date").resources[0].resource == "pods"
        assert p("exec deploy/d -- date").resources[0].resource == (
            "deployments"
        )
        assert p("debug node/n -it").resources[0].resource == "nodes"

    def test_implied_kind(self) -> None:
        """
        drain/cordon name nodes; create KIND NAME names one object.
        """
        assert [(r.resource, r.name) for r in p("drain a b").resources] == [
            ("nodes", "a"),
            ("nodes", "b"),
        ]
        assert [r.name for r in p("create ns x").resources] == ["x"]

    def test_cp_namespace_in_spec(self) -> None:
        """
        kubectl cp ns/pod:path names a pod in a namespace.
        """
        (ref,) = p("cp /tmp/x prod/web:/tmp/y").resources
        assert (ref.resource, ref.name, ref.namespace) == (
            "pods",
            "web",
            "prod",
        )

    def test_unknown_kind(self) -> None:
        """
        An unknown kind is kept with an empty resource and reported.
        """
        call = p("delete widgets x")
        assert call.resources[0].resource == ""
        assert call.problems == (("resource", "widgets"),)


class TestFlags:
    def test_short_clusters(self) -> None:
        """
        -it is -i -t; -oyaml is -o yaml.
        """
        call = p("exec -it pod -oyaml -- sh")
        assert call.flags == (
            ("stdin", None),
            ("tty", None),
            ("output", "yaml"),
        )
        assert call.exec_argv == ("sh",)

    def test_per_command_shorthands(self) -> None:
        """
        logs -f is --follow and -p --previous; patch -p is --patch.
        """
        call = p("logs -f -p -c ruby web-1")
        assert call.has("follow")
        assert call.has("previous")
        assert call.flag("container") == "ruby"
        assert call.resources[0].name == "web-1"
        assert p("patch node n -p {}").flag("patch") == "{}"
        assert p("delete -f x").flag("filename") == "x"

    def test_per_command_value_kinds(self) -> None:
        """
        config view --raw is boolean; get --raw takes a value.
        """
        assert p("config view --raw -o yaml").flag("output") == "yaml"
        assert p("get --raw /api").flag("raw") == "/api"

    def test_unknown_flags(self) -> None:
        """
        Unknown long and short flags are reported.
        """
        call = p("get pods --bogus -Z")
        assert call.problems == (("flag", "--bogus"), ("flag", "-Z"))

    def test_missing_value(self) -> None:
        """
        A value flag at the end is reported.
        """
        assert p("get pods -n").problems == (("flag", "-n"),)

    def test_has_false(self) -> None:
        """
        has() is False for =false.
        """
        call = p("delete pods --all=false --force")
        assert not call.has("all")
        assert call.has("force")
        assert not call.has("missing")
        assert call.flag("missing") is None
        assert call.values("force") == (None,)

    def test_double_dash_ends_flags(self) -> None:
        """
        Words after -- are the container's command.
        """
        call = p("exec pod -n x -- kubectl -n y delete ns z")
        assert call.namespace == "x"
        assert call.exec_argv == (
            "kubectl",
            "-n",
            "y",
            "delete",
            "ns",
            "z",
        )

    def test_dynamic_namespace_is_unspecified(self) -> None:
        """
        A namespace only known at run time is treated as not given.
        """
        call = parse_kubectl(
            ["kubectl", "-n", "$NS", "get", "pods"],
            dynamic=[False, False, True, False, False],
        )
        assert call.namespace is None

    @given(st.lists(st.text(max_size=12), max_size=12))
    def test_total(self, words: list[str]) -> None:
        """
        Parsing never raises, whatever the words.
        """
        call = parse_kubectl(["kubectl", *words])
        assert call.argv[1:] == tuple(words)
        assert len(call.unknown) == len(call.problems)


class TestEdges:
    def test_versioned_groups(self) -> None:
        """
        Alpha and beta versions qualify a kind; other words do not.
        """
        found = resolve_resource("deployments.v1beta1.apps")
        assert found is not None
        assert found.resource == "deployments"
        assert resolve_resource("deployments.v1gamma.apps") is None
        assert resolve_resource("deployments.vx.apps") is None

    def test_long_flag_missing_value(self) -> None:
        """
        A value flag written long at the end is reported.
        """
        assert p("get pods --namespace").problems == (("flag", "--namespace"),)

    def test_dynamic_short_value(self) -> None:
        """
        -n=$X and -n$X give an unknown namespace.
        """
        for word in ("-n=$X", "-n$X"):
            call = parse_kubectl(
                ["kubectl", word, "get", "pods"],
                dynamic=[False, True, False, False],
            )
            assert call.namespace is None
            assert call.problems == ()

    def test_dynamic_long_values(self) -> None:
        """
        --namespace $X and --context=$Y are unknown values.
        """
        call = parse_kubectl(
            ["kubectl", "--namespace", "$X", "--context=$Y", "get", "pods"],
            dynamic=[False, False, True, True, False, False],
        )
        assert call.namespace is None
        assert call.context is None
        assert call.problems == ()

    def test_dynamic_flag_name(self) -> None:
        """
        A flag whose name is only known at run time is reported.
        """
        call = parse_kubectl(
            ["kubectl", "get", "--$F"], dynamic=[False, False, True]
        )
        assert ("dynamic", "--$F") in call.problems

    def test_dynamic_short_flag_letter(self) -> None:
        """
        A short flag whose letter is only known at run time (``-$F``) is
        reported, as is the unknown letter.
        """
        call = parse_kubectl(
            ["kubectl", "get", "-$F", "pods"], dynamic=[False, False, True]
        )
        assert call.problems == (("dynamic", "-$F"), ("flag", "-$F"))
        assert call.path == ("get",)
        assert call.resources[0].resource == "pods"

    def test_runs_alone_takes_arguments(self) -> None:
        """
        A word after create that is no subcommand is an argument.
        """
        call = p("create whatever")
        assert call.path == ("create",)
        assert call.problems == ()
        assert call.args == ("whatever",)

    def test_empty_kinds_in_list(self) -> None:
        """
        pod,,svc skips the empty item.
        """
        kinds = [r.resource for r in p("delete pod,,svc x").resources]
        assert kinds == ["pods", "services"]

    def test_dynamic_slashed_kind(self) -> None:
        """
        A TYPE/NAME word known only at run time is unknown.
        """
        call = parse_kubectl(
            ["kubectl", "delete", "$K/x"], dynamic=[False, False, True]
        )
        assert call.problems == (("dynamic", "$K"),)

    def test_effect_without_action(self) -> None:
        """
        No action: unknown for a plugin, read-only for bare kubectl.
        """
        from blastradius._model import Effect
        from blastradius.families.kubectl.analyzer import call_effect

        assert call_effect(p("foo")) is Effect.UNKNOWN
        assert call_effect(p("")) is Effect.READ_ONLY


class TestRawPaths:
    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("/api/v1/namespaces/prod", (None, "namespaces", "prod")),
            ("/api/v1/namespaces/prod/pods/web", ("prod", "pods", "web")),
            ("/api/v1/nodes", (None, "nodes", None)),
            (
                "/apis/apps/v1/namespaces/p/deployments/d?dryRun=All",
                ("p", "deployments", "d"),
            ),
            (
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin",
                (None, "clusterroles", "admin"),
            ),
        ],
    )
    def test_api_paths(
        self, path: str, expected: tuple[str | None, str, str | None]
    ) -> None:
        """
        API server paths name a namespace and an object.
        """
        ns, ref = resources_from_api_path(path)
        assert ref is not None
        assert (ns, ref.resource, ref.name) == expected

    @pytest.mark.parametrize(
        "path",
        [
            "/healthz",
            "/api",
            "/api/v1",
            "/apis/apps",
            "/apis/apps/v1/widgets",
            "/api/v1/namespaces/p/widgets",
            "/apis/apps/v1/namespaces/p",
        ],
    )
    def test_no_object(self, path: str) -> None:
        """
        Paths without a known kind name no object.
        """
        assert resources_from_api_path(path) == (None, None)

    def test_delete_raw(self) -> None:
        """
        delete --raw names the object of its path; an unknown path is an
        unknown kind.
        """
        call = p("delete --raw /api/v1/namespaces/x/secrets/s")
        assert call.namespace == "x"
        assert [(r.resource, r.name) for r in call.resources] == [
            ("secrets", "s")
        ]
        assert p("delete --raw /healthz").problems == (
            ("resource", "/healthz"),
        )
        assert p("get --raw /api/v1/nodes").resources[0].resource == "nodes"


class TestValueFlags:
    """`value_flags` is the flag table the shell layer's unwrapping needs."""

    def test_covers_the_shell_tables(self) -> None:
        """
        Every global flag the shell layer's kubectl rows treat as taking a
        value, and every value flag of its ``kubectl exec`` / ``run`` /
        ``debug`` / ``create`` rows, takes a value in the grammar too (so
        the shell can read them from here).
        """
        from blastradius._shell import _wrappers

        long, short = value_flags()
        row = _wrappers.WRAPPERS_BY_NAME["kubectl"]
        assert row.global_options() == ("".join(sorted(short)), long)
        for sub in _wrappers._KUBECTL_SUBS:
            path = tuple(max(w, key=len) for w in sub.path)
            sub_long, sub_short = value_flags(path)
            assert sub_long >= sub.long_values, path
            assert sub_short >= set(sub.short_values), path

    def test_bare_and_boolean_flags_take_no_word(self) -> None:
        """
        Flags that may appear bare (``--dry-run``) or are boolean
        (``--all-namespaces``, ``-i``) take no separate value word.
        """
        long, short = value_flags(("exec",))

        assert "--dry-run" not in long
        assert "--all-namespaces" not in long
        assert {"i", "t", "A"}.isdisjoint(short)
        assert "-n" not in long
        assert "n" in short

    def test_path_overrides(self) -> None:
        """
        A path's own arity wins: ``logs --prefix`` is boolean there, and
        an unknown path reads with the global table.
        """
        assert "--prefix" not in value_flags(("logs",))[0]
        assert value_flags(("no-such",)) == value_flags(())


class TestKubectlCallRecord:
    """`KubectlCall` built directly derives what the parser fills in."""

    def test_last_derived_from_flags(self) -> None:
        """*last* defaults to the last value of each flag."""
        call = KubectlCall(
            argv=("kubectl",), flags=(("namespace", "a"), ("namespace", "b"))
        )

        assert call.last == {"namespace": "b"}
        assert call.flag("namespace") == "b"
        assert call.values("namespace") == ("a", "b")

    def test_pickles(self) -> None:
        """A parsed call survives pickling (an `Assessment` keeps it)."""
        import pickle

        call = parse_kubectl(["kubectl", "-n", "prod", "delete", "po/x"])

        again = pickle.loads(pickle.dumps(call))  # noqa: S301
        assert again == call
        assert again.last == call.last

    def test_equality_hash_repr(self) -> None:
        """
        Two reads of one argv are equal and hash alike; *last* is left out
        of the repr; a different read differs.
        """
        argv = ["kubectl", "-n", "prod", "delete", "po/x", "--force"]
        a, b = parse_kubectl(argv), parse_kubectl(argv)

        assert a == b
        assert hash(a) == hash(b)
        assert a != parse_kubectl(["kubectl", "get", "pods"])
        assert a != argv
        assert "last=" not in repr(a)
        assert repr(a).startswith("KubectlCall(argv=('kubectl', '-n'")

    def test_frozen(self) -> None:
        """A parsed call cannot be changed after it is made."""
        from blastradius._record import FrozenError

        call = parse_kubectl(["kubectl", "get", "pods"])

        with pytest.raises(FrozenError):
            call.path = ()
        with pytest.raises(FrozenError):
            del call.namespace

    def test_evolve_validates_again(self) -> None:
        """`evolve` keeps the other fields and derives *last* again."""
        call = parse_kubectl(["kubectl", "-n", "a", "get", "pods"])

        moved = call.evolve(flags=(("namespace", "b"),), namespace="b")
        assert moved.last == {"namespace": "b"}
        assert moved.path == call.path
        with pytest.raises(TypeError, match="a KubectlCall has"):
            call.evolve(dry_run="yes")

    @pytest.mark.parametrize(
        "bad",
        [
            {"argv": ["kubectl"]},
            {"argv": ("kubectl", 3)},
            {"path": ["get"]},
            {"path_words": None},
            {"args": "pods"},
            {"exec_argv": ["sh"]},
            {"namespace": 3},
            {"context": b"c"},
            {"all_namespaces": 1},
            {"dry_run": None},
            {"resources": ("pods",)},
            {
                "resources": [
                    ResourceRef(resource="", group="", name=None, spelled="x")
                ]
            },
            {"flags": [("namespace", "a")]},
            {"problems": [("flag", "-x")]},
            {"problems": (("bogus", "-x"),)},
            {"problems": (("flag", 3),)},
            {"problems": (("flag",),)},
            {"problems": ("flag",)},
        ],
    )
    def test_refuses_bad_fields(self, bad: dict[str, object]) -> None:
        """
        Every field's type is checked, and argv's words, the resources
        and the problems: a wrong one is refused.
        """
        fields: dict[str, object] = {"argv": ("kubectl",), **bad}

        with pytest.raises(TypeError, match="a KubectlCall has"):
            KubectlCall(**fields)  # type: ignore[arg-type]

    def test_flags_must_be_pairs(self) -> None:
        """A flag that is not a (name, value) pair is refused."""
        with pytest.raises((TypeError, ValueError)):
            KubectlCall(argv=("kubectl",), flags=(("namespace",),))  # type: ignore[arg-type]


class TestResourceRefRecord:
    """`ResourceRef` is a plain self-validating record."""

    def test_fields_and_words(self) -> None:
        """Its fields, defaults and the words it was written as."""
        ref = ResourceRef(resource="pods", group="", name="w", spelled="po")

        assert (ref.namespace, ref.slashed) == (None, False)
        assert ref.words == ("po", "w")
        assert ref.rule is RESOURCE_BY_PLURAL["pods"]
        assert ref == ResourceRef(
            resource="pods", group="", name="w", spelled="po"
        )
        assert ref.evolve(slashed=True).words == ("po/w",)

    def test_pickles(self) -> None:
        """A reference survives pickling."""
        import pickle

        ref = ResourceRef(
            resource="pods", group="", name="w", spelled="", namespace="n"
        )

        assert pickle.loads(pickle.dumps(ref)) == ref  # noqa: S301

    @pytest.mark.parametrize(
        "bad",
        [
            {"resource": None},
            {"group": 1},
            {"spelled": None},
            {"name": 3},
            {"namespace": b"n"},
            {"slashed": 1},
        ],
    )
    def test_refuses_bad_fields(self, bad: dict[str, object]) -> None:
        """Every field is checked."""
        fields: dict[str, object] = {
            "resource": "pods",
            "group": "",
            "name": None,
            "spelled": "po",
            **bad,
        }

        with pytest.raises(TypeError, match="a ResourceRef has"):
            ResourceRef(**fields)  # type: ignore[arg-type]
