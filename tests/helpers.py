"""
Code shared by several test modules (the one helper module; servers and
stubs big enough for a module of their own live in ``tests/support/``; see
``tests/README.md``).

Sections:

- *case tables*: commands with the tier (and rule) they must give, read by
  the test module of their unit and by properties elsewhere;
- *review bodies*: reading a review body the way a forge would, a real
  CommonMark parser (markdown-it-py) with linkify on;
- *review decisions*: decisions and comments for the review tests;
- *shims*: the kept old paths of the moved families, for the shim tests;
- *scripts*: the generators of ``tools/`` and the scripts of ``bench/``,
  loaded by path (they are not a package).
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import attrs

from markdown_it import MarkdownIt
from markdown_it.token import Token

from blastradius import Assessment, DeclarativeSpec, Tier, score
from blastradius.adapters import Decision, Verdict, _review


__all__ = [
    "DELETE_NS_PROD",
    "DIGEST",
    "HOSTILE",
    "OTHER",
    "ROOT",
    "SHELL_CASES",
    "SHELL_READ_ONLY",
    "Parsed",
    "action_argv",
    "check_case",
    "comment",
    "decision",
    "family_shims",
    "load_script",
    "parse_markdown",
    "read_tsv",
]


# -- case tables --------------------------------------------------------------

A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED
"""Short names of the tiers, for the tables."""


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    """
    The (tier, rule, command) rows of a corpus file of ``tests/data``: one
    tab-separated row a line, ``#`` lines and blank lines skipped.
    """
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        tier, rule, cmd = line.split("\t")
        rows.append((tier, rule, cmd))
    return rows


def check_case(argv: str, tier: Tier, rule: str) -> Assessment:
    """
    Score one row of a family's case table (*argv* split on spaces) and
    assert its tier and that *rule* is among its findings.
    """
    a = score(argv.split())
    rules = [f.rule for f in a.findings]
    assert a.tier is tier, (argv, a.score, a.reasons)
    assert rule in rules, (argv, rules)
    return a


SHELL_READ_ONLY = [
    "ls -la",
    "ls -la /etc",
    "cat /etc/passwd",
    "grep -r foo .",
    "egrep x y",
    "rg -n TODO",
    "echo hello",
    "printf %s x",
    "head -n 5 f",
    "tail -f /var/log/syslog",
    "wc -l f",
    "df -h",
    "du -sh /var",
    "ps aux",
    "date",
    "date +%s",
    "journalctl -u nginx --since today",
    "pwd",
    "whoami",
    "id",
    "uname -a",
    "hostname",
    "hostname -f",
    "printenv PATH",
    "which kubectl",
    "file x",
    "stat x",
    "sort f",
    "uniq f",
    "cut -d: -f1 /etc/passwd",
    "tr a-z A-Z",
    "jq .items f.json",
    "yq .a f.yml",
    "sed -n 1,5p f",
    "awk {print} f",
    "less f",
    "diff a b",
    "find . -name *.py",
    "tree -L 2",
    "free -m",
    "uptime",
    "top -b -n 1",
    "dmesg -T",
    "lsof -i :80",
    "netstat -tlnp",
    "ss -tulpn",
    "ip addr show",
    "ip -br a",
    "ip route show",
    "ping -c 1 example.com",
    "dig example.com",
    "nslookup example.com",
    "true",
    "false",
    "test -f x",
    "[ -f x ]",
    "sleep 1",
    "basename /a/b",
    "dirname /a/b",
    "realpath .",
    "readlink -f x",
    "md5sum f",
    "sha256sum f",
    "base64 -d f",
    "xxd f",
    "od -c f",
    "strings f",
    "tee",
    "systemctl status nginx",
    "systemctl list-units --failed",
    "systemctl is-active kubelet",
    "service nginx status",
    "iptables -L -n -v",
    "iptables -S",
    "nft list ruleset",
    "crontab -l",
    "kill -l",
    "wipefs /dev/sda",
    "fdisk -l",
    "dd if=/dev/zero of=/dev/null count=1",
    "mount",
    "sysctl net.ipv4.ip_forward",
    "passwd -S root",
    "gzip -c f",
    "tar -tf a.tar",
    "rsync -n -a --delete a/ b/",
    "ufw status",
    "cd /tmp",
    "export A=1",
]
"""Commands of the shell tools' read-only allowlist (each scores AUTO)."""

SHELL_CASES = [
    # rm targets
    ("rm file.txt", H, "shell.rm"),
    ("rm -r build", H, "shell.rm.recursive"),
    ("rm -r /etc", D, "shell.rm.system"),
    ("rm /etc/passwd", D, "shell.rm.system"),
    ("rm -r /", D, "shell.rm.root"),
    ("rm -r /*", D, "shell.rm.root"),
    ("rm -r //", D, "shell.rm.root"),
    ("rm -r ~", D, "shell.rm.home"),
    ("rm -r /home/alice", D, "shell.rm.home"),
    ("rm -r /var/lib/postgresql", D, "shell.rm.system"),
    ("rm -r .", D, "shell.rm.cwd"),
    ("rm -r /boot/grub", D, "shell.rm.system"),
    ("rm a.txt /etc/shadow b.txt", D, "shell.rm.system"),
    ("rm /var/log/app.log", H, "shell.rm"),
    ("rm /tmp/x", H, "shell.rm"),
    ("rm -- -rf", H, "shell.rm"),
    ("rm --no-preserve-root -r /", B, "shell.rm.no-preserve-root"),
    ("unlink /etc/passwd", D, "shell.unlink.system"),
    ("rmdir empty", A, "shell.rmdir"),
    # disks
    ("dd if=/dev/zero of=/dev/sda bs=1M", B, "shell.dd.block-device"),
    ("dd if=x.img of=/dev/nvme0n1", B, "shell.dd.block-device"),
    ("dd if=x.img of=/dev/mmcblk0", B, "shell.dd.block-device"),
    ("dd if=x of=/dev/mapper/vg-root", B, "shell.dd.block-device"),
    ("dd if=x of=/dev/mem", D, "shell.dd.device"),
    ("dd if=/dev/sda of=disk.img", H, "shell.dd.file"),
    ("dd if=x of=/etc/passwd", D, "shell.dd.system"),
    ("mkfs.ext4 /dev/sdb1", B, "shell.mkfs.device"),
    ("mkfs -t xfs /dev/vdb", B, "shell.mkfs.device"),
    ("mkswap /dev/sda2", B, "shell.mkfs.device"),
    ("mke2fs -F disk.img", D, "shell.mkfs"),
    ("wipefs -a /dev/sdb", D, "shell.wipefs.device"),
    ("wipefs --all --no-act /dev/sdb", A, "shell.wipefs"),
    ("shred -u /dev/sda", B, "shell.shred.block-device"),
    ("shred secret.txt", H, "shell.shred"),
    ("blkdiscard /dev/nvme0n1", B, "shell.blkdiscard.block-device"),
    ("truncate -s 0 /etc/passwd", D, "shell.truncate.system"),
    ("truncate -s 0 app.log", H, "shell.truncate"),
    ("parted /dev/sda rm 1", D, "shell.partition"),
    # permissions
    ("chmod -R 777 /", B, "shell.chmod.recursive-777-root"),
    ("chmod --recursive a+rwx /", B, "shell.chmod.recursive-777-root"),
    ("chmod -R 000 /*", B, "shell.chmod.recursive-777-root"),
    ("chmod -R 755 /etc", D, "shell.chmod.recursive-system"),
    ("chmod 777 /", D, "shell.chmod.root"),
    ("chmod 600 /etc/shadow", H, "shell.chmod.system"),
    ("chmod 644 f", A, "shell.chmod"),
    ("chmod u+s /bin/bash", D, "shell.chmod.setuid"),
    ("chown -R nobody /", D, "shell.chown.recursive-system"),
    ("chown -R app:app /srv/app", D, "shell.chown.recursive-system"),
    ("chown app f", A, "shell.chown"),
    ("chgrp -R g /usr", D, "shell.chgrp.recursive-system"),
    # files
    ("find / -name core -delete", D, "shell.find.delete-system"),
    ("find . -mtime +7 -delete", H, "shell.find.delete"),
    ("find . -fprint out.txt", H, "shell.find.write"),
    ("mv x /dev/null", D, "shell.mv.dev-null"),
    ("mv /etc /tmp/etc", D, "shell.mv.system"),
    ("mv a b", H, "shell.mv"),
    ("cp a b", H, "shell.cp"),
    ("cp x /etc/sudoers", D, "shell.cp.system"),
    ("cp -t /usr/bin tool", D, "shell.cp.system"),
    ("cp ubuntu.iso /dev/sdb", B, "shell.cp.block-device"),
    ("ln -sf /dev/null /etc/passwd", D, "shell.ln.system"),
    ("tee out.txt", H, "shell.tee"),
    ("tee -a /etc/sudoers", D, "shell.tee.system"),
    ("tee /dev/sda", B, "shell.tee.block-device"),
    ("touch x", A, "shell.touch"),
    ("mkdir -p a/b", A, "shell.mkdir"),
    ("sed -i s/a/b/ f", H, "shell.sed.in-place"),
    ("sed -i.bak s/a/b/ f", H, "shell.sed.in-place"),
    ("sed --in-place=.bak s/a/b/ f", H, "shell.sed.in-place"),
    ("sed -ni p f", H, "shell.sed.in-place"),
    ("sed -i s/a/b/ /etc/hosts", D, "shell.sed.in-place-system"),
    ("sort -o out in", H, "shell.sort.output"),
    ("sort -o /etc/passwd in", D, "shell.sort.output-system"),
    (
        "sort --compress-program=sh in",
        H,
        "shell.sort.compress-program.unknown",
    ),
    ("uniq in out", H, "shell.uniq.output"),
    ("yq -i .a=1 f.yml", H, "shell.yq.in-place"),
    ("xxd -r dump bin", H, "shell.xxd.output"),
    ("tar -xzf a.tgz -C /", D, "shell.tar.extract-system"),
    ("gzip f", H, "shell.compress"),
    ("rsync -a --delete a/ host:b/", D, "shell.rsync.delete"),
    ("journalctl --vacuum-time=2d", H, "shell.journalctl.vacuum"),
    ("journalctl --vacuum-size 1G", H, "shell.journalctl.vacuum"),
    ("journalctl --rotate", H, "shell.journalctl.rotate"),
    ("dmesg -C", H, "shell.dmesg.clear"),
    ("hostname newname", H, "shell.hostname.set"),
    ("date -s 2020-01-01", H, "shell.date.set"),
    ("hostnamectl set-hostname x", H, "shell.hostnamectl.set"),
    # power
    ("shutdown -h now", D, "shell.power"),
    ("shutdown -r +5", D, "shell.power"),
    ("shutdown -c", A, "shell.power.cancel"),
    ("reboot", D, "shell.power"),
    ("halt", D, "shell.power"),
    ("poweroff -f", D, "shell.power"),
    ("init 0", D, "shell.power"),
    ("init 6", D, "shell.power"),
    ("telinit 6", D, "shell.power"),
    ("init q", A, "shell.init.reload"),
    ("systemctl reboot", D, "shell.power"),
    ("systemctl poweroff", D, "shell.power"),
    # services
    ("systemctl stop nginx", H, "shell.systemctl.stop"),
    ("systemctl stop sshd", D, "shell.systemctl.critical-unit"),
    ("systemctl restart kubelet", D, "shell.systemctl.critical-unit"),
    ("systemctl restart app", H, "shell.systemctl.restart"),
    ("systemctl disable --now app", H, "shell.systemctl.now"),
    ("systemctl mask app", H, "shell.systemctl.kill"),
    ("systemctl kill -s KILL app", H, "shell.systemctl.kill"),
    ("systemctl isolate rescue.target", D, "shell.systemctl.isolate"),
    ("systemctl start app", H, "shell.systemctl.start"),
    ("systemctl -H host stop docker", D, "shell.systemctl.critical-unit"),
    ("service nginx stop", H, "shell.service.stop"),
    ("service nginx restart", H, "shell.service.restart"),
    # processes
    ("kill -9 1", D, "shell.kill.init"),
    ("kill -KILL -1", D, "shell.kill.all"),
    ("kill -s KILL -1", D, "shell.kill.all"),
    ("kill -- -1", D, "shell.kill.all"),
    ("kill 1", D, "shell.kill.init"),
    ("kill 1234", H, "shell.kill"),
    ("kill -1 1234", H, "shell.kill"),
    ("kill -HUP 4321", H, "shell.kill"),
    ("killall nginx", H, "shell.killall"),
    ("pkill -9 -f worker", H, "shell.killall.sigkill"),
    ("killall5 -9", D, "shell.killall5"),
    # firewall
    ("iptables -F", D, "shell.iptables.flush"),
    ("iptables -t nat -F", D, "shell.iptables.flush"),
    ("iptables --flush INPUT", D, "shell.iptables.flush"),
    ("iptables -X", H, "shell.iptables.delete-chain"),
    ("iptables -P INPUT DROP", D, "shell.iptables.policy-drop"),
    ("ip6tables -P FORWARD DROP", D, "shell.iptables.policy-drop"),
    ("iptables -A INPUT -p tcp --dport 22 -j ACCEPT", H, "shell.iptables"),
    ("iptables-restore", H, "shell.iptables-restore"),
    ("nft flush ruleset", D, "shell.nft.flush-ruleset"),
    ("nft|flush ruleset", D, "shell.nft.flush-ruleset"),
    ("nft|list ruleset; flush ruleset", D, "shell.nft.flush-ruleset"),
    ("nft|list ruleset;;|flush|ruleset", D, "shell.nft.flush-ruleset"),
    ("nft delete table inet filter", D, "shell.nft.delete"),
    ("nft add rule inet filter input drop", H, "shell.nft"),
    ("ufw disable", D, "shell.ufw.off"),
    ("ufw allow 22", H, "shell.ufw"),
    ("ip link set eth0 down", D, "shell.ip.link-down"),
    ("ip route add default via 10.0.0.1", H, "shell.ip.change"),
    ("ip addr del 10.0.0.2/24 dev eth0", H, "shell.ip.change"),
    ("ip route flush all", D, "shell.ip.flush"),
    ("ss -K dst 10.0.0.1", H, "shell.ss.kill"),
    # accounts and schedules
    ("crontab -r", D, "shell.crontab.remove"),
    ("crontab -u app -r", D, "shell.crontab.remove"),
    ("crontab -e", H, "shell.crontab.edit"),
    ("crontab jobs.txt", H, "shell.crontab.replace"),
    ("userdel bob", D, "shell.userdel"),
    ("userdel -r bob", D, "shell.userdel.remove-home"),
    ("deluser --remove-home bob", D, "shell.userdel.remove-home"),
    ("passwd -d root", D, "shell.passwd.delete"),
    ("passwd -l bob", H, "shell.passwd.lock"),
    ("usermod -aG sudo bob", D, "shell.usermod.admin-group"),
    ("usermod -s /bin/zsh bob", H, "shell.usermod"),
    ("groupdel devs", H, "shell.groupdel"),
    # system
    ("mount /dev/sdb1 /mnt", H, "shell.mount"),
    ("umount -a", D, "shell.umount.all"),
    ("umount -l /mnt", H, "shell.umount.force"),
    ("swapoff -a", H, "shell.swap"),
    ("sysctl -w net.ipv4.ip_forward=1", H, "shell.sysctl.write"),
    ("sysctl vm.swappiness=10", H, "shell.sysctl.write"),
    ("modprobe -r nvme", H, "shell.modprobe.remove"),
    ("rmmod nvme", H, "shell.rmmod"),
    # programs inside other programs
    ("sed s/a/b/e f", H, "shell.sed.exec.unknown"),
    ("sed|1e id|f", H, "shell.sed.exec.unknown"),
    ("sed|-n|/x/w out|f", H, "shell.sed.exec.unknown"),
    ("sed|-e|s/x/y/w out|f", H, "shell.sed.exec.unknown"),
    ("sed s/when/then/g f", A, "shell.sed"),
    ("sed /^$/d f", A, "shell.sed"),
    ("rg --pre sh pattern", H, "shell.rg.pre.unknown"),
    ("rg -n pattern", A, "shell.rg"),
    ("less +!sh f", H, "shell.pager.command.unknown"),
    ("less +G f", A, "shell.pager"),
    ("tar -I zstd -xf a.tar.zst", H, "shell.tar.exec.unknown"),
    ("tar --to-command=sh -xf a.tar", H, "shell.tar.exec.unknown"),
    ("rsync -e sh a b", H, "shell.rsync.remote-shell.unknown"),
    ("rsync -e ssh a host:b", H, "shell.rsync"),
    ("awk {system(cmd)}", H, "shell.awk.exec.unknown"),
    ("awk -f prog.awk f", H, "shell.awk.program-file.unknown"),
    ("awk -i inplace {print} f", H, "shell.awk.in-place"),
    ("source ./env.sh", H, "shell.source.unknown"),
    (". ./env.sh", H, "shell.source.unknown"),
    ("bash deploy.sh", H, "shell.script.unknown"),
    ("sh", H, "shell.script.unknown"),
]
"""(command, tier, rule id) of the shell-tools analyzer: each command
scores in its tier and has a finding of that rule."""

DELETE_NS_PROD = [
    "kubectl delete ns prod",
    "kubectl delete namespace prod",
    "kubectl delete namespaces prod",
    "kubectl delete NS prod",
    "kubectl delete Namespace prod",
    "kubectl delete ns/prod",
    "kubectl delete namespaces/prod",
    "kubectl delete namespaces.v1 prod",
    "kubectl -n prod delete ns prod",
    "kubectl -nprod delete ns prod",
    "kubectl --namespace=dev delete ns prod",
    "kubectl --context prod delete namespaces prod",
    "kubectl delete pod,ns prod",
    "kubectl delete ns prod --dry-run=none",
    "kubectl delete ns prod --wait=false --force --grace-period=0",
    "kubectl delete ns --all",
    "kubectl --kubeconfig /tmp/k delete ns prod",
    "kubectl delete rc/web ns/prod",
    "kubectl delete --raw /api/v1/namespaces/prod",
]
"""Spellings of ``kubectl delete namespace prod`` (each is BLOCKED)."""


# -- review bodies ------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")

# What would be live in a text node on Gitea or GitHub: a mention, an issue
# or pull-request reference, an autolink, a raw tag or entity.
_LIVE = re.compile(
    r"@[A-Za-z0-9_-]|#[0-9]|![0-9]|<|://|www\.|\bmailto:|&[A-Za-z#]"
    r"|\[[^\]]*\]\(|(?i:\bgh-[0-9])|(?<![\w])[0-9a-fA-F]{7,}(?![\w])"
)


@attrs.frozen
class Parsed:
    """
    What a body holds, as the parser reads it.
    """

    fences: tuple[tuple[str, str], ...]
    """(info, content) of every fenced code block, in order."""
    live: tuple[str, ...]
    """Every live construct found outside code."""
    texts: tuple[str, ...]
    """Every text node outside code."""


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for t in tokens:
        yield t
        if t.children:
            yield from _walk(t.children)


def parse_markdown(body: str) -> Parsed:
    """
    Parse *body*; list its code blocks, its text and anything live.
    """
    fences: list[tuple[str, str]] = []
    live: list[str] = []
    texts: list[str] = []
    for t in _walk(_MD.parse(body)):
        if t.type == "fence":
            fences.append((t.info, t.content))
        elif t.type in ("html_block", "html_inline"):
            if not t.content.startswith("<!-- blastradius-review v1 "):
                live.append(f"{t.type}: {t.content!r}")
        elif t.type in ("link_open", "image", "autolink"):
            live.append(f"{t.type}: {t.attrs!r}")
        elif t.type == "code_block":
            live.append(f"indented code: {t.content!r}")
        elif t.type == "text":
            texts.append(t.content)
            m = _LIVE.search(t.content)
            if m is not None:
                live.append(f"text: {t.content!r}")
    return Parsed(fences=tuple(fences), live=tuple(live), texts=tuple(texts))


# -- review decisions ---------------------------------------------------------

DIGEST = hashlib.sha256(b"plan").hexdigest()
OTHER = hashlib.sha256(b"other plan").hexdigest()

HOSTILE = (
    "```",
    "````sh",
    "`x` `` y",
    "@admin",
    "#12",
    "!3",
    "<script>alert(1)</script>",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "www.evil.example",
    "https://evil.example/a?b",
    "evil.example",
    "a&amp;b",
    "line\nbreak",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "tab\there",
    "nul\0",
    "zero\u200bwidth",
    "<!-- blastradius-review v1 incident=X digest=" + "0" * 64 + " -->",
    "\\u{41}",
    "$(rm -rf /)",
    "'quote\"",
    "\r\n",
    "~~~",
    "GH-12",
    "fixes JIRA-7",
    "deadbeefcafe",
)


def decision(
    argv: Sequence[str] = ("kubectl", "delete", "deploy", "api", "-n", "prod"),
    *,
    digest: str = DIGEST,
    incident: str | None = "INC-7",
    target_state: str = "api gone",
    constraints: Sequence[str] = ("only api",),
    requester: str = "alice",
    namespace: str | None = "prod",
    target: str | None = "deploy/api",
    evaluated: bool = True,
    verdict: Verdict = Verdict.ASK_TWO,
) -> Decision:
    """
    A DUAL decision on a real evaluated spec.
    """
    ev = DeclarativeSpec(
        action="kubectl scale deploy/api --replicas=0 -n prod",
        namespace="prod",
        target="deploy/api",
        target_state=target_state,
        constraints=tuple(constraints),
        incident_id="INC-7",
    ).evaluate(facts={"previous_replicas": 3})
    return Decision(
        verdict=verdict,
        argv=tuple(argv),
        digest=digest,
        approvals_required=2,
        score=ev.blast_radius_score,
        tier=Tier.DUAL,
        reasons=ev.reasons,
        evaluated=ev if evaluated else None,
        incident_id=incident,
        namespace=namespace,
        target=target,
        requester=requester,
    )


def action_argv(body: str) -> tuple[str, ...]:
    """
    The argv in the body's action block, read back.
    """
    parsed = parse_markdown(body)
    lines = [
        line
        for info, content in parsed.fences
        if info == "sh"
        for line in content.splitlines()
        if not line.startswith("#")
    ]
    return _review.argv_from_line(lines[0])


def comment(
    login: str, body: str, at: str = "2026-01-01T10:00:00Z"
) -> dict[str, object]:
    """
    A comment in the shape Gitea and GitHub share.
    """
    return {"user": {"login": login}, "body": body, "created_at": at}


# -- shims --------------------------------------------------------------------


def family_shims() -> dict[str, str]:
    """
    The kept old paths (#17) of the shell, interpreters, packages and
    disclosure families, each with the module it moved to (checked by
    ``test_family_shims``; ``test_shims`` checks the set of kept paths).
    A function, so that the golden file does not harvest the names.
    """
    return {
        "blastradius.analyzers.shell": "blastradius.families.shell.analyzer",
        "blastradius.analyzers.interpreters": (
            "blastradius.families.interpreters.analyzer"
        ),
        "blastradius.rules.interpreters": "blastradius.families.interpreters.rules",
        "blastradius.analyzers.packages": "blastradius.families.packages.analyzer",
        "blastradius.rules.packages": "blastradius.families.packages.rules",
        "blastradius.analyzers.disclosure": (
            "blastradius.families.disclosure.analyzer"
        ),
        "blastradius.rules.disclosure": "blastradius.families.disclosure.rules",
    }


# -- scripts ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root."""


def load_script(path: Path, *, register: bool = False) -> ModuleType:
    """
    Import the script at *path* (``tools/gen_x.py``, ``bench/bench.py``)
    as a module named after its file; with *register*, also put it in
    `sys.modules` under that name (unless one is there), for the scripts
    whose classes need their module found by name.
    """
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules.setdefault(path.stem, module)
    spec.loader.exec_module(module)
    return module
