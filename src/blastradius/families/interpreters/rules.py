"""
Rules for interpreters run on inline code (``python -c``, ``node -e``,
``perl -e``, ``ruby -e``, ``php -r``) and the call tables that say what a
call does.

A call table maps a callee (resolved through imports where the language
has them) to an *action*: ``shell`` (its string runs in a shell), ``argv``
(a list runs as a command; a string as a shell command), ``exec`` (all its
literal arguments are one command), ``spawn`` (program, then a list of
arguments), ``rm-rf`` / ``rm`` / ``rmdir`` / ``mv`` (analysed as those
shell commands), ``rm-opt`` (``rm -rf`` when given ``recursive: true``),
``http`` / ``fetch`` (analysed as the matching curl request, so
Kubernetes API calls score like kubectl), ``eval`` (a literal string is
analysed as code of the same language, anything else is unknown), or a
rule id for everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect, Kind
from blastradius.rules._rulerow import Rule, index


__all__ = [
    "JS_CALLS",
    "MODULES",
    "PERL_CALLS",
    "PHP_CALLS",
    "PYTHON_CALLS",
    "PYTHON_METHODS",
    "RUBY_CALLS",
    "RULES",
    "RULES_BY_ID",
]

_UNK = Kind.UNKNOWN

RULES: tuple[Rule, ...] = (
    Rule(
        "interpreter.inline",
        2,
        Effect.LOCAL,
        "runs inline code; nothing that changes the world was found",
    ),
    Rule(
        "interpreter.shell",
        5,
        Effect.INDIRECT,
        "the code runs a command (analysed as shell)",
    ),
    Rule(
        "interpreter.fs",
        30,
        Effect.MUTATING,
        "the code writes, moves or changes files",
    ),
    Rule(
        "interpreter.signal",
        40,
        Effect.DESTRUCTIVE,
        "the code kills processes",
    ),
    Rule(
        "interpreter.network",
        20,
        Effect.UNKNOWN,
        "the code opens network connections",
    ),
    Rule(
        "interpreter.in-place-edit",
        30,
        Effect.MUTATING,
        "edits files in place (-i)",
    ),
    Rule("interpreter.version", 0, Effect.READ_ONLY, "prints version or help"),
    Rule("interpreter.check", 0, Effect.READ_ONLY, "checks syntax only"),
    Rule(
        "interpreter.module",
        5,
        Effect.LOCAL,
        "runs a standard module with a local effect",
    ),
    Rule(
        "interpreter.server",
        5,
        Effect.LOCAL,
        "serves the current directory over HTTP",
    ),
    Rule(
        "interpreter.package-install",
        30,
        Effect.MUTATING,
        "installs packages",
    ),
    Rule(
        "interpreter.package-remove",
        35,
        Effect.MUTATING,
        "removes packages",
    ),
    Rule(
        "interpreter.dynamic.unknown",
        0,
        Effect.UNKNOWN,
        "code built or decoded at run time (eval, exec, variables, "
        "encoded payloads)",
        _UNK,
    ),
    Rule(
        "interpreter.script.unknown",
        0,
        Effect.UNKNOWN,
        "runs a script file whose contents are not known",
        _UNK,
    ),
    Rule(
        "interpreter.stdin.unknown",
        0,
        Effect.UNKNOWN,
        "runs code read from a standard input that is not known",
        _UNK,
    ),
    Rule(
        "interpreter.module.unknown",
        0,
        Effect.UNKNOWN,
        "runs a module whose effect is not known",
        _UNK,
    ),
    Rule(
        "interpreter.unknown",
        0,
        Effect.UNKNOWN,
        "an interpreter subcommand not known",
        _UNK,
    ),
)

RULES_BY_ID: Mapping[str, Rule] = index(RULES)
"""Every interpreter rule by id."""


def _table(*groups: tuple[str, str]) -> dict[str, str]:
    """
    Build a callee → action table from ``(action, "callee callee …")``
    pairs.
    """
    table: dict[str, str] = {}
    for action, names in groups:
        for name in names.split():
            table[name] = action
    return table


def _same(value: str, names: str) -> dict[str, str]:
    """
    ``{name: value}`` for every white-space separated name.
    """
    return dict.fromkeys(names.split(), value)


_FS = "interpreter.fs"
_SIG = "interpreter.signal"
_NET = "interpreter.network"
_DYN = "interpreter.dynamic.unknown"

# Python: https://docs.python.org/3/library/subprocess.html, os.html,
# shutil.html
PYTHON_CALLS: Mapping[str, str] = MappingProxyType(
    {
        **_table(
            (
                "shell",
                (
                    "os.system os.popen subprocess.getoutput "
                    "subprocess.getstatusoutput commands.getoutput "
                    "commands.getstatusoutput asyncio.create_subprocess_shell "
                    "os.popen2 os.popen3 os.popen4"
                ),
            ),
            (
                "argv",
                (
                    "subprocess.run subprocess.call subprocess.check_call "
                    "subprocess.check_output subprocess.Popen pty.spawn"
                ),
            ),
            ("exec", "asyncio.create_subprocess_exec"),
            ("rm-rf", "shutil.rmtree"),
            ("rm", "os.remove os.unlink"),
            ("rmdir", "os.rmdir os.removedirs"),
            ("mv", "shutil.move os.rename os.replace os.renames"),
            (
                "http",
                (
                    "requests.get requests.post requests.put requests.patch "
                    "requests.delete requests.head requests.request httpx.get "
                    "httpx.post httpx.put httpx.patch httpx.delete httpx.head "
                    "httpx.request urllib.request.urlopen "
                    "urllib.request.Request urllib2.urlopen"
                ),
            ),
            ("eval", "eval exec"),
        ),
        **_same(
            _FS,
            "shutil.copy shutil.copy2 shutil.copyfile shutil.copytree "
            "shutil.chown os.chmod os.chown os.lchown os.truncate "
            "os.makedirs os.mkdir os.symlink os.link os.mknod os.utime "
            "os.write os.ftruncate",
        ),
        **_same(_SIG, "os.kill os.killpg signal.pthread_kill"),
        **_same(
            _NET,
            "socket.socket socket.create_connection smtplib.SMTP "
            "ftplib.FTP http.client.HTTPConnection "
            "http.client.HTTPSConnection paramiko.SSHClient "
            "telnetlib.Telnet",
        ),
        **_same(
            _DYN,
            "compile __import__ getattr setattr delattr globals locals "
            "vars importlib.import_module importlib.__import__ "
            "base64.b64decode base64.b32decode base64.b16decode "
            "base64.b85decode base64.a85decode base64.decodebytes "
            "base64.urlsafe_b64decode codecs.decode marshal.loads "
            "pickle.loads pickle.load ctypes.CDLL ctypes.cdll.LoadLibrary "
            "os.execv os.execve os.execl os.execle os.execlp os.execlpe "
            "os.execvp os.execvpe os.spawnl os.spawnle os.spawnlp "
            "os.spawnlpe os.spawnv os.spawnve os.spawnvp os.spawnvpe "
            "os.posix_spawn os.posix_spawnp runpy.run_path "
            "runpy.run_module types.FunctionType zlib.decompress "
            "bytes.fromhex binascii.unhexlify binascii.a2b_base64 "
            "os.fork code.interact",
        ),
        "open": "open",
        "io.open": "open",
    }
)
"""A resolved Python callee → action or rule id."""

PYTHON_METHODS: Mapping[str, str] = MappingProxyType(
    {
        "system": "shell",
        "popen": "shell",
        "rmtree": "rm-rf",
        **_same(
            _FS,
            "write_text write_bytes unlink rmdir touch chmod lchmod "
            "rename replace symlink_to hardlink_to mkdir",
        ),
    }
)
"""A method on an expression we cannot resolve (``Path(p).unlink()``,
``__import__('os').system(…)``) → action or rule id."""

MODULES: Mapping[str, str] = MappingProxyType(
    {
        "http.server": "interpreter.server",
        "SimpleHTTPServer": "interpreter.server",
        "json.tool": "interpreter.inline",
        "venv": "interpreter.module",
        "virtualenv": "interpreter.module",
        "py_compile": "interpreter.module",
        "compileall": "interpreter.module",
        "ensurepip": "interpreter.package-install",
        "base64": "interpreter.inline",
        "platform": "interpreter.inline",
        "sysconfig": "interpreter.inline",
        "site": "interpreter.inline",
        "this": "interpreter.inline",
        "calendar": "interpreter.inline",
        "uuid": "interpreter.inline",
        "pydoc": "interpreter.inline",
        "tokenize": "interpreter.inline",
        "tabnanny": "interpreter.inline",
        "zipfile": "interpreter.module",
        "tarfile": "interpreter.module",
        "gzip": "interpreter.module",
        "webbrowser": "interpreter.module",
        "pip list": "interpreter.inline",
        "pip show": "interpreter.inline",
        "pip freeze": "interpreter.inline",
        "pip check": "interpreter.inline",
        "pip index": "interpreter.inline",
        "pip search": "interpreter.inline",
        "pip config": "interpreter.module",
        "pip cache": "interpreter.module",
        "pip download": "interpreter.module",
        "pip wheel": "interpreter.module",
        "pip hash": "interpreter.inline",
        "pip debug": "interpreter.inline",
        "pip help": "interpreter.version",
        "pip --version": "interpreter.version",
        "pip -V": "interpreter.version",
        "pip install": "interpreter.package-install",
        "pip uninstall": "interpreter.package-remove",
    }
)
"""``python -m MODULE`` (``pip SUBCOMMAND`` for pip) → rule id."""

# Node.js: https://nodejs.org/api/child_process.html, fs.html; Deno and Bun
# runtime APIs.
JS_CALLS: Mapping[str, str] = MappingProxyType(
    {
        **_table(
            ("shell", "exec execSync"),
            ("spawn", "spawn spawnSync execFile execFileSync fork"),
            ("argv", "Bun.spawn Bun.spawnSync"),
            ("deno", "Deno.Command Deno.run"),
            (
                "rm-opt",
                (
                    "rmSync rm rmdirSync rmdir Deno.remove Deno.removeSync "
                    "remove removeSync"
                ),
            ),
            ("rm", "unlinkSync unlink"),
            ("mv", "renameSync rename Deno.rename Deno.renameSync"),
            ("fetch", "fetch"),
            (
                "http",
                (
                    "axios.get axios.post axios.put axios.patch axios.delete "
                    "axios.head axios.request axios"
                ),
            ),
            ("eval", "eval"),
        ),
        **_same(
            _FS,
            "writeFileSync writeFile appendFileSync appendFile chmodSync "
            "chmod chownSync chown truncateSync truncate mkdirSync mkdir "
            "copyFileSync copyFile cpSync cp symlinkSync symlink "
            "Deno.writeTextFile Deno.writeTextFileSync Deno.writeFile "
            "Deno.writeFileSync Deno.chmod Deno.mkdir Bun.write "
            "createWriteStream",
        ),
        **_same(_SIG, "process.kill Deno.kill"),
        **_same(
            _NET,
            "net.connect net.createConnection http.request https.request "
            "http.get https.get dgram.createSocket WebSocket",
        ),
        **_same(
            _DYN,
            "Function require import vm.runInThisContext "
            "vm.runInNewContext vm.runInContext vm.Script "
            "vm.compileFunction atob process.binding process.dlopen "
            "setTimeout setInterval",
        ),
    }
)
"""A JavaScript callee (dotted, or its last part) → action or rule id."""

# Perl: the perlfunc manual page.
PERL_CALLS: Mapping[str, str] = MappingProxyType(
    {
        **_table(
            ("exec", "system exec"),
            (
                "rm-rf",
                "rmtree remove_tree File.Path.rmtree File.Path.remove_tree",
            ),
            ("rm", "unlink"),
            ("rmdir", "rmdir"),
            ("mv", "rename move File.Copy.move"),
            ("eval", "eval"),
            ("popen", "open"),
        ),
        **_same(_FS, "chmod chown mkdir truncate symlink link utime copy"),
        "kill": _SIG,
        **_same(
            _DYN,
            "do require decode_base64 MIME.Base64.decode_base64 pack unpack",
        ),
        **_same(
            _NET, "socket IO.Socket.INET.new LWP.UserAgent.new HTTP.Tiny.new"
        ),
    }
)
"""A Perl function → action or rule id."""

# Ruby: the Kernel, Open3, FileUtils and File documentation.
RUBY_CALLS: Mapping[str, str] = MappingProxyType(
    {
        **_table(
            (
                "exec",
                (
                    "system exec spawn Kernel.system Kernel.exec Kernel.spawn "
                    "Process.spawn IO.popen Open3.capture2 Open3.capture2e "
                    "Open3.capture3 Open3.popen2 Open3.popen2e Open3.popen3 "
                    "Open3.pipeline"
                ),
            ),
            (
                "rm-rf",
                (
                    "FileUtils.rm_rf FileUtils.rm_r FileUtils.remove_dir "
                    "FileUtils.remove_entry FileUtils.remove_entry_secure "
                    "FileUtils.rmtree"
                ),
            ),
            (
                "rm",
                (
                    "FileUtils.rm FileUtils.rm_f FileUtils.remove File.delete "
                    "File.unlink"
                ),
            ),
            ("rmdir", "Dir.rmdir Dir.delete Dir.unlink FileUtils.rmdir"),
            ("mv", "FileUtils.mv FileUtils.move File.rename"),
            ("eval", "eval"),
        ),
        **_same(
            _FS,
            "File.write FileUtils.chmod FileUtils.chmod_R FileUtils.chown "
            "FileUtils.chown_R FileUtils.touch FileUtils.mkdir_p "
            "FileUtils.mkdir FileUtils.cp FileUtils.cp_r FileUtils.ln_s "
            "FileUtils.install File.chmod File.symlink IO.write",
        ),
        "Process.kill": _SIG,
        **_same(
            _DYN,
            "instance_eval class_eval module_eval send public_send "
            "__send__ const_get instance_variable_set define_method load "
            "require Kernel.load Base64.decode64 Marshal.load "
            "Object.const_get binding",
        ),
        **_same(
            _NET, "Net.HTTP.get Net.HTTP.start Net.HTTP.new TCPSocket.new"
        ),
    }
)
"""A Ruby callee → action or rule id."""

# PHP: https://www.php.net/manual/en/ref.exec.php, ref.filesystem.php
PHP_CALLS: Mapping[str, str] = MappingProxyType(
    {
        **_table(
            ("shell", "system exec shell_exec passthru popen"),
            ("argv", "proc_open"),
            ("rm", "unlink"),
            ("rmdir", "rmdir"),
            ("mv", "rename"),
            ("eval", "eval"),
        ),
        **_same(
            _FS,
            "file_put_contents fopen chmod chown mkdir copy symlink touch "
            "link fwrite fputs",
        ),
        "posix_kill": _SIG,
        **_same(
            _DYN,
            "assert create_function call_user_func call_user_func_array "
            "base64_decode gzinflate gzuncompress str_rot13 include "
            "require include_once require_once pcntl_exec dl "
            "preg_replace_callback extract",
        ),
        **_same(_NET, "curl_exec fsockopen stream_socket_client"),
    }
)
"""A PHP function → action or rule id."""
