"""
The pure part of review issues: the issue body, its escaping, and the
approvals read back from comments.
"""

from __future__ import annotations

import re
import shlex

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import (
    DIGEST,
    HOSTILE,
    OTHER,
    action_argv,
    comment,
    decision,
    parse_markdown,
)

from blastradius import DeclarativeSpec, EvaluatedSpec, Tier
from blastradius.adapters import (
    Approval,
    Decision,
    Outcome,
    ReviewIssue,
    Verdict,
    _review,
    parse_approvals,
    review_issue,
)


class TestEscape:
    @given(st.text())
    def test_inverse(self, text: str) -> None:
        """
        `unescape` undoes `escape` for any text, and the escaped text is
        printable.
        """
        shown = _review.escape(text)

        assert _review.unescape(shown) == text
        assert shown.isprintable()

    @given(st.lists(st.text(), min_size=1))
    def test_argv_round_trip(self, argv: list[str]) -> None:
        """
        `argv_from_line` reads back exactly the argv `argv_line` shows, on
        one printable line.
        """
        line = _review.argv_line(argv)

        assert _review.argv_from_line(line) == tuple(argv)
        assert "\n" not in line
        assert line.isprintable()

    @given(
        st.lists(
            st.text(st.characters(codec="ascii", categories=["L", "N", "P"])),
            min_size=1,
        )
    )
    def test_printable_is_shlex(self, argv: list[str]) -> None:
        """
        An argv of printable words without ``\\u{`` is shown as plain
        `shlex.join`, which `shlex.split` reads back unchanged.
        """
        argv = [w.replace("\\u{", "") for w in argv]
        line = _review.argv_line(argv)

        assert line == shlex.join(argv)
        assert shlex.split(line) == argv

    def test_out_of_range(self) -> None:
        """
        An escape naming no code point is left as it is.
        """
        assert _review.unescape("\\u{110000}") == "\\u{110000}"


class TestIncidentKey:
    def test_safe(self) -> None:
        """
        A safe incident id is its own key.
        """
        assert _review.incident_key("INC-2026.01:7_a", DIGEST) == (
            "INC-2026.01:7_a"
        )

    @pytest.mark.parametrize(
        "incident",
        [h for h in HOSTILE if not re.fullmatch(r"[\w.:-]+", h, re.ASCII)]
        + ["x" * 65, ""],
    )
    def test_hostile(self, incident: str) -> None:
        """
        An unsafe incident id becomes ``incident-`` and 16 hex digits of
        its sha256, the same every time.
        """
        key = _review.incident_key(incident, DIGEST)

        assert key.startswith("incident-")
        assert len(key) == len("incident-") + 16
        assert key == _review.incident_key(incident, OTHER)

    def test_none(self) -> None:
        """
        No incident: the key is the digest's first 12 digits.
        """
        assert _review.incident_key(None, DIGEST) == f"digest-{DIGEST[:12]}"


class TestReviewIssue:
    def test_title(self) -> None:
        """
        The title names the program and verb, the score and the incident.
        """
        issue = review_issue(decision())

        assert issue.title == "[AI-Repair] kubectl delete (Blast=55) — INC-7"
        assert isinstance(issue, ReviewIssue)

    def test_title_capped(self) -> None:
        """
        A hostile program and verb give a one-line title of at most 255
        characters, with no character outside the safe set.
        """
        d = decision(
            argv=("/usr/bin/" + "k" * 300 + "\n@x", "-v", "dele`te\n#1" * 40),
            incident="INC-" + "9" * 60,
        )
        title = review_issue(d).title

        assert len(title) <= 255
        assert "\n" not in title
        assert "@" not in title
        assert "`" not in title
        assert title.startswith("[AI-Repair] " + "k" * 38)

    def test_title_long_key(self) -> None:
        """
        Even the longest key keeps the title within 255 characters.
        """
        d = decision(incident="I" * 64, argv=("k" * 40, "v" * 40))
        title = review_issue(d).title

        assert len(title) <= 255
        assert title.endswith("— " + "I" * 64)

    def test_title_no_argv(self) -> None:
        """
        With no argv the title says "action".
        """
        d = decision(argv=())

        assert review_issue(d).title.startswith("[AI-Repair] action (")

    def test_title_no_verb(self) -> None:
        """
        An argv of flags only names the program alone.
        """
        d = decision(argv=("kubectl", "--help"))

        assert review_issue(d).title.startswith("[AI-Repair] kubectl (")

    def test_every_field(self) -> None:
        """
        The body holds every field of the plan and the review steps.
        """
        issue = review_issue(decision(), diagnosis="pods crash looping")
        body = issue.body

        for needle in (
            "`INC-7`",
            "55/100",
            "`DUAL`",
            "`ask_two`",
            "Namespace: `prod`",
            "Target: `deploy/api`",
            "Dry run required: yes",
            "Requester: `alice`",
            f"`{DIGEST}`",
            "### Action",
            "--dry-run=server",
            "### Constraints",
            "- only api",
            "### Rollback plan",
            "kubectl scale deployments.apps/api --replicas=3 -n prod",
            "Verify:",
            "kubectl rollout status deployments.apps/api",
            "### Scoring basis",
            "kubectl.scale",
            "### Diagnosis",
            "pods crash looping",
            f"/approve INC-7 {DIGEST[:12]}",
            f"/reject INC-7 {DIGEST[:12]} REASON",
            "api gone",
        ):
            assert needle in body, needle
        assert issue.labels == ("ai-repair",)
        assert body.startswith(issue.marker + "\n")
        assert action_argv(body) == decision().argv

    def test_marker(self) -> None:
        """
        The hidden marker carries the incident key, digest and requester.
        """
        d = decision(requester="ops bot@x")
        found = _review.parse_marker(review_issue(d).body)

        assert found == _review.Marker(
            key="INC-7", digest=DIGEST, requester="ops bot@x"
        )

    @given(st.text() | st.just("\ud800 ops\udfff"))
    def test_marker_any_requester(self, requester: str) -> None:
        """
        Any requester, lone surrogates included, is quoted into the marker
        and read back unchanged (Hypothesis once found ``'\\ud800'``
        raising `UnicodeEncodeError`).
        """
        line = _review.marker("INC-7", DIGEST, requester)
        found = _review.parse_marker(line)

        assert found == _review.Marker(
            key="INC-7", digest=DIGEST, requester=requester
        )

    def test_marker_first_line_only(self) -> None:
        """
        A marker spelled in host text (here the diagnosis) never counts:
        only the first line is read.
        """
        fake = f"<!-- blastradius-review v1 incident=INC-7 digest={OTHER} requester= -->"
        body = review_issue(decision(), diagnosis="\n" + fake).body

        assert _review.parse_marker(body).digest == DIGEST  # type: ignore[union-attr]
        assert _review.parse_marker("text\n" + fake) is None

    def test_diagnosis_cut(self) -> None:
        """
        The diagnosis is cut at 1,000 characters with a visible mark.
        """
        body = review_issue(decision(), diagnosis="d" * 1500).body

        assert "d" * 1000 in body
        assert "d" * 1001 not in body
        assert "cut at 1,000 characters; 500 more not shown" in body

    def test_diagnosis_whole(self) -> None:
        """
        A diagnosis of 1,000 characters is shown whole, without a mark.
        """
        body = review_issue(decision(), diagnosis="d" * 1000).body

        assert "d" * 1000 in body
        assert "cut at" not in body

    def test_no_diagnosis(self) -> None:
        """
        No diagnosis says so.
        """
        assert "(none given)" in review_issue(decision()).body

    def test_fence_longer(self) -> None:
        """
        A code block's fence is longer than any backtick run in it.
        """
        d = decision(argv=("echo", "`" * 7))
        body = review_issue(d).body

        assert "\n" + "`" * 10 + "sh\n" in body or "`" * 8 in body
        assert action_argv(body) == ("echo", "`" * 7)

    def test_escaped_argv(self) -> None:
        """
        Control and format characters in the argv are escaped; the line
        reads back to the same argv.
        """
        argv = ("kubectl", "label", "pod", "x", "a=\u202eb\nc")
        body = review_issue(decision(argv=argv)).body

        assert "\u202e" not in body
        assert "a=\\u{202e}b\\u{a}c" in body
        assert action_argv(body) == argv

    def test_hostile_incident(self) -> None:
        """
        A hostile incident id never reaches a command or the marker raw,
        and is shown inert.
        """
        incident = "INC-1 -->\n@admin <b>"
        issue = review_issue(decision(incident=incident))
        parsed = parse_markdown(issue.body)

        assert issue.key.startswith("incident-")
        assert f"/approve {issue.key} " in issue.body
        assert parsed.live == ()
        assert "\n@admin" not in issue.body

    def test_no_incident(self) -> None:
        """
        With no incident, the key is made from the digest.
        """
        issue = review_issue(decision(incident=None))

        assert issue.key == f"digest-{DIGEST[:12]}"
        assert "Incident: (none)" in issue.body

    def test_not_evaluated(self) -> None:
        """
        A decision whose spec failed to evaluate still gives an issue.
        """
        body = review_issue(decision(evaluated=False, argv=())).body

        assert "could not be evaluated" in body
        assert "# (no runnable argv)" in body

    def test_string_action(self) -> None:
        """
        With no argv, a string action is shown as text, escaped.
        """
        ev = DeclarativeSpec(action="ls | wc\n-l").evaluate()
        d = Decision(
            verdict=Verdict.ASK_ONE,
            argv=(),
            digest=DIGEST,
            approvals_required=1,
            score=20,
            tier=Tier.HUMAN,
            reasons=(),
            evaluated=ev,
        )
        body = review_issue(d).body

        assert "ls | wc\\u{a}-l" in body
        assert "1 approval is needed before it runs" in body
        assert "### Scoring basis\n\n```text\n(none)\n```" in body
        assert "The action has no server dry run." in body

    def test_argv_action(self) -> None:
        """
        With no decision argv, an argv action is shown as an argv.
        """
        ev = DeclarativeSpec(action=("kubectl", "get", "pods")).evaluate()
        d = Decision(
            verdict=Verdict.ASK_ONE,
            argv=(),
            digest=DIGEST,
            approvals_required=1,
            score=20,
            tier=Tier.HUMAN,
            reasons=(),
            evaluated=ev,
        )
        body = review_issue(d).body

        assert "kubectl get pods" in body
        assert "(none)" in body

    def test_irreversible(self) -> None:
        """
        An irreversible plan shows its reason, notes and needs.
        """
        ev = DeclarativeSpec(
            action="kubectl delete deploy api -n prod", namespace="prod"
        ).evaluate()
        d = Decision(
            verdict=Verdict.ASK_TWO,
            argv=("kubectl", "delete", "deploy", "api", "-n", "prod"),
            digest=DIGEST,
            approvals_required=2,
            score=80,
            tier=Tier.DUAL,
            reasons=ev.reasons,
            evaluated=ev,
        )
        body = review_issue(d).body

        assert "Status: `irreversible`." in body
        assert "- Needs: `snapshot`" in body
        assert "- Note: " in body
        assert parse_markdown(body).live == ()

    def test_plan_without_reason(self) -> None:
        """
        A rollback plan without a reason shows no "Why" line.
        """
        d = decision()
        assert d.evaluated is not None
        plan = attrs.evolve(d.evaluated.rollback_plan, reason="")
        d = attrs.evolve(
            d, evaluated=attrs.evolve(d.evaluated, rollback_plan=plan)
        )

        body = review_issue(d).body

        assert "Why:" not in body
        assert "Steps:" in body

    def test_action_verify(self) -> None:
        """
        When the evaluated spec carries the action's verify argv, the body
        shows it as a code block.
        """

        @attrs.frozen(kw_only=True)
        class WithVerify(EvaluatedSpec):
            verify: tuple[str, ...] = ()

        d = decision()
        assert d.evaluated is not None
        fields = {
            f.name: getattr(d.evaluated, f.name)
            for f in attrs.fields(type(d.evaluated))
        }
        fields["verify"] = ("kubectl", "rollout", "status", "deploy/api")
        d = attrs.evolve(d, evaluated=WithVerify(**fields))

        body = review_issue(d).body

        assert (
            "### Verify\n\n```sh\nkubectl rollout status deploy/api\n```"
            in body
        )

    def test_empty_prose(self) -> None:
        """
        Prose of spaces only is shown as "(none)".
        """
        assert _review._prose("   ") == "(none)"

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_text(self, text: str) -> None:
        """
        Each hostile text, as argv word, host text and diagnosis, stays in
        its code block and nothing of it is live outside code.
        """
        printable = text if text.isprintable() else "x" + repr(text)
        d = decision(
            argv=("kubectl", "annotate", "pod", "x", text),
            target_state=printable,
            constraints=(printable,),
            requester=text,
            namespace=text,
            target=text,
            incident=text,
        )
        body = review_issue(d, diagnosis=text).body
        parsed = parse_markdown(body)

        assert parsed.live == ()
        assert action_argv(body)[-1] == text
        assert all(c.isprintable() for c in body.replace("\n", ""))

    def test_update_body(self) -> None:
        """
        The comment for a changed plan starts with the new marker and says
        the old approvals no longer count.
        """
        body = _review.update_body(decision(digest=OTHER))

        assert _review.parse_marker(body).digest == OTHER  # type: ignore[union-attr]
        assert "no longer count" in body

    def test_outcome_body(self) -> None:
        """
        The closing comment shows the outcome, its error inert.
        """
        import datetime as dt

        outcome = Outcome(
            id="1",
            key="declarative:INC-7",
            incident_id="INC-7",
            digest=DIGEST,
            target="deploy/api",
            argv=("kubectl", "get"),
            rule_ids=(),
            score=55,
            tier="dual",
            verdict="ask_two",
            approvers=("ana", "@bo"),
            executed=True,
            verified=False,
            error="failed @admin <b>x</b>\n```",
            started=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        )
        body = _review.outcome_body(outcome)

        assert "- Executed: yes" in body
        assert "- Verified: no" in body
        assert "- Rolled back: not run" in body
        assert parse_markdown(body).live == ()
        none = _review.outcome_body(
            Outcome(
                id="2",
                key="k",
                incident_id=None,
                digest=DIGEST,
                target="t",
                argv=(),
                rule_ids=(),
                score=1,
                tier="auto",
                verdict="execute",
                started=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
            )
        )
        assert "- Approvers: (none)" in none
        assert "Error:" not in none


_HOSTILE_CHARS = st.text(
    st.one_of(
        st.sampled_from(
            list("`~@#!<>[]()&*_\\|:/.\n\r\t \u202e\u2066\u200b\0")
        ),
        st.characters(),
    ),
    max_size=40,
)
_HOSTILE_TEXT = st.one_of(
    _HOSTILE_CHARS,
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE)).map(" ".join),
)
_PRINTABLE = _HOSTILE_TEXT.map(
    lambda t: "".join(c for c in t if c.isprintable()) or "x"
)


class TestInjectionProperty:
    @given(
        argv=st.lists(_HOSTILE_TEXT, min_size=1, max_size=6),
        host=_PRINTABLE,
        other=_HOSTILE_TEXT,
        diagnosis=_HOSTILE_TEXT,
    )
    def test_inert(
        self, argv: list[str], host: str, other: str, diagnosis: str
    ) -> None:
        """
        For any command and host text, the parsed body holds the argv
        intact in its code block, and no mention, reference, link or HTML
        appears in any text node outside code.
        """
        argv = ["kubectl", *argv]
        d = decision(
            argv=argv,
            target_state=host,
            constraints=(host,),
            requester=other,
            namespace=other,
            target=other,
            incident=other,
        )
        body = review_issue(d, diagnosis=diagnosis).body
        parsed = parse_markdown(body)

        assert parsed.live == ()
        assert action_argv(body) == tuple(argv)
        assert [i for i, _ in parsed.fences].count("sh") >= 2


class TestParseApprovals:
    def parse(self, comments: list[Any], **kw: object) -> tuple[Approval, ...]:
        """
        `parse_approvals` with this module's defaults.
        """
        args: dict[str, Any] = {
            "reviewers": ["ana", "bo", "bot", "alice"],
            "requester": "alice",
            "author": "bot",
            "incident": "INC-7",
            "digest": DIGEST,
        }
        args.update(kw)
        return parse_approvals(comments, **args)

    def test_two(self) -> None:
        """
        Two reviewers' ``/approve`` give two approvals, with their times.
        """
        got = self.parse(
            [
                comment("ana", f"LGTM\n/approve INC-7 {DIGEST[:12]}"),
                comment(
                    "bo",
                    f"/approve INC-7 {DIGEST}",
                    "2026-01-01T11:00:00+00:00",
                ),
            ]
        )

        assert [a.user for a in got] == ["ana", "bo"]
        assert all(a.digest == DIGEST and not a.reject for a in got)
        assert got[1].at.hour == 11

    def test_one_per_user(self) -> None:
        """
        A reviewer approving twice (in any case) counts once, the earliest.
        """
        got = self.parse(
            [
                comment(
                    "ANA",
                    f"/approve INC-7 {DIGEST[:12]}",
                    "2026-01-01T12:00:00Z",
                ),
                comment(
                    "ana",
                    f"/approve INC-7 {DIGEST[:12]}",
                    "2026-01-01T09:00:00Z",
                ),
            ]
        )

        assert [(a.user, a.at.hour) for a in got] == [("ana", 9)]

    @pytest.mark.parametrize(
        ("who", "body"),
        [
            ("bot", f"/approve INC-7 {DIGEST[:12]}"),
            ("alice", f"/approve INC-7 {DIGEST[:12]}"),
            ("eve", f"/approve INC-7 {DIGEST[:12]}"),
            ("ana", f"/approve INC-8 {DIGEST[:12]}"),
            ("ana", f"/approve INC-7 {OTHER[:12]}"),
            ("ana", f"/approve INC-7 {DIGEST[:11]}"),
            ("ana", f"> /approve INC-7 {DIGEST[:12]}"),
            ("ana", f"please /approve INC-7 {DIGEST[:12]}"),
            ("ana", f"/approve INC-7 {DIGEST[:12]}x"),
            ("ana\u212a", f"/approve INC-7 {DIGEST[:12]}"),
        ],
    )
    def test_not_counted(self, who: str, body: str) -> None:
        """
        The author's, the requester's, an outsider's, and an approval of
        another incident, another digest, too short a prefix, or not on its
        own line do not count.
        """
        assert self.parse([comment(who, body)]) == ()

    def test_uppercase_prefix(self) -> None:
        """
        The digest prefix may be in upper case.
        """
        got = self.parse(
            [comment("ana", f"/approve INC-7 {DIGEST[:16].upper()}")]
        )

        assert len(got) == 1

    def test_reject_voids(self) -> None:
        """
        A reviewer's ``/reject`` voids every approval: only rejections are
        returned, with the reason.
        """
        got = self.parse(
            [
                comment("ana", f"/approve INC-7 {DIGEST[:12]}"),
                comment("bo", f"/reject INC-7 {DIGEST[:12]} wrong namespace "),
            ]
        )

        assert [(a.user, a.reject, a.reason) for a in got] == [
            ("bo", True, "wrong namespace")
        ]

    def test_reject_other_digest(self) -> None:
        """
        A rejection of another digest, or an outsider's, voids nothing.
        """
        got = self.parse(
            [
                comment("ana", f"/approve INC-7 {DIGEST[:12]}"),
                comment("bo", f"/reject INC-7 {OTHER[:12]} no"),
                comment("eve", f"/reject INC-7 {DIGEST[:12]} no"),
            ]
        )

        assert [a.user for a in got] == ["ana"]

    @pytest.mark.parametrize(
        "bad",
        [
            "not a mapping",
            {
                "body": f"/approve INC-7 {DIGEST[:12]}",
                "created_at": "2026-01-01T00:00:00Z",
            },
            {"user": "ana", "body": "x", "created_at": "2026-01-01T00:00:00Z"},
            {
                "user": {"login": 5},
                "body": "x",
                "created_at": "2026-01-01T00:00:00Z",
            },
            {
                "user": {"login": "ana"},
                "body": 5,
                "created_at": "2026-01-01T00:00:00Z",
            },
            {
                "user": {"login": "ana"},
                "body": f"/approve INC-7 {DIGEST[:12]}",
                "created_at": "yesterday",
            },
            {
                "user": {"login": "ana"},
                "body": f"/approve INC-7 {DIGEST[:12]}",
                "created_at": "2026-01-01T00:00:00",
            },
            {
                "user": {"login": "ana"},
                "body": f"/approve INC-7 {DIGEST[:12]}",
                "created_at": 5,
            },
        ],
    )
    def test_malformed(self, bad: object) -> None:
        """
        A malformed comment (no user, bad login, no body, no aware time) is
        skipped, never raising.
        """
        assert self.parse([bad]) == ()

    def test_hostile_incident(self) -> None:
        """
        With a hostile incident id, only its key is accepted.
        """
        incident = "INC 1\n@x"
        key = _review.incident_key(incident, DIGEST)
        good = comment("ana", f"/approve {key} {DIGEST[:12]}")
        raw = comment("bo", f"/approve {incident} {DIGEST[:12]}")

        got = self.parse([good, raw], incident=incident)

        assert [a.user for a in got] == ["ana"]

    @pytest.mark.parametrize("digest", ["", DIGEST.upper(), DIGEST[:12]])
    def test_bad_digest(self, digest: str) -> None:
        """
        A digest that is not 64 lowercase hex digits matches nothing (and
        does not raise).
        """
        got = self.parse(
            [comment("ana", f"/approve INC-7 {DIGEST[:12]}")], digest=digest
        )

        assert got == ()

    def test_requester_case(self) -> None:
        """
        The requester is excluded whatever the case of the login.
        """
        got = self.parse([comment("Alice", f"/approve INC-7 {DIGEST[:12]}")])

        assert got == ()


_LOGINS = st.sampled_from(
    ["ana", "bo", "ANA", "alice", "bot", "eve", "", "a b"]
)
_COMMENT = st.fixed_dictionaries(
    {},
    optional={
        "user": st.one_of(
            st.none(),
            st.text(),
            st.fixed_dictionaries(
                {"login": st.one_of(_LOGINS, st.integers())}
            ),
        ),
        "body": st.one_of(
            st.none(),
            st.integers(),
            st.text(),
            st.sampled_from(
                [
                    f"/approve INC-7 {DIGEST[:12]}",
                    f"/reject INC-7 {DIGEST[:14]} no",
                    f"/approve INC-7 {OTHER[:12]}",
                ]
            ),
        ),
        "created_at": st.one_of(
            st.none(),
            st.text(),
            st.sampled_from(
                ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00+02:00"]
            ),
        ),
    },
)


class TestParseApprovalsProperty:
    @given(st.lists(st.one_of(_COMMENT, st.integers(), st.none())))
    def test_total(self, comments: list[Any]) -> None:
        """
        Any list of comments, however malformed, gives approvals (or
        rejections) only of distinct reviewers other than the requester and
        author, all of this digest, and never raises.
        """
        got = parse_approvals(
            comments,
            reviewers=["ana", "bo", "bot", "alice"],
            requester="alice",
            author="bot",
            incident="INC-7",
            digest=DIGEST,
        )

        users = [a.user.lower() for a in got]
        assert len(users) == len(set(users))
        assert set(users) <= {"ana", "bo"}
        assert all(a.digest == DIGEST for a in got)
        assert len({a.reject for a in got}) <= 1
