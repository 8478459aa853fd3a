// The Python side of the sandbox, shared by the Node child process and the browser worker: a guard
// installed once after Pyodide loads (clear refusals for the routes out of the interpreter) and a
// runner that executes each request in fresh globals and reports a JSON verdict. The guard gives
// readable errors; the isolation itself comes from the host (permissions, removed globals).

import type { PythonRunError } from './types.ts';

/** Python's recursion limit is clamped here: deeper Python recursion overflows the JS stack and kills Pyodide. */
export const MAX_RECURSION_LIMIT = 5000;

/** Frames kept in a traceback, innermost first. */
export const TRACEBACK_FRAMES = 40;

/** Filename user code runs under; tracebacks keep only frames from it. */
export const SANDBOX_FILENAME = '<sandbox>';

export const PYTHON_GUARD = String.raw`
import sys, os, io, socket, subprocess, builtins
import pyodide.code

class SandboxRefused(PermissionError):
    """Raised for routes out of the interpreter; the runner reports it as a refusal."""

def _refuse(what):
    def refused(*args, **kwargs):
        raise SandboxRefused(what)
    return refused

class _ImportGuard:
    def find_spec(self, name, path=None, target=None):
        if name == "pyodide.http" or name == "micropip" or name.partition(".")[0] in ("js", "pyodide_js"):
            raise SandboxRefused(f"import of '{name}' is refused: the sandbox has no access to its JavaScript host")
        return None

_NO_HOST = "refused: the sandbox has no access to its JavaScript host"
_NO_PROCESSES = "running other programs is refused: the sandbox has no processes"
_NO_NETWORK = "network access is refused: the sandbox has no network"
_PROCESS_FUNCTIONS = ("system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve", "execl",
                      "execle", "execlp", "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "kill", "killpg")
_set_recursion_limit = sys.setrecursionlimit

def _clamped_recursion_limit(limit):
    _set_recursion_limit(min(int(limit), ${MAX_RECURSION_LIMIT}))

def _install_guard():
    """Run before every program: a previous one may have undone any of this (state of modules persists)."""
    for name in ("js", "pyodide_js", "pyodide.http"):
        sys.modules.pop(name, None)
    sys.meta_path[:] = [_ImportGuard()] + [finder for finder in sys.meta_path if not isinstance(finder, _ImportGuard)]
    pyodide.code.run_js = _refuse("pyodide.code.run_js is " + _NO_HOST)
    for name in _PROCESS_FUNCTIONS:
        if hasattr(os, name):
            setattr(os, name, _refuse(_NO_PROCESSES))
    subprocess.Popen = _refuse(_NO_PROCESSES)
    for name in ("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"):
        setattr(subprocess, name, _refuse(_NO_PROCESSES))
    for name in ("connect", "connect_ex", "bind", "sendto"):
        setattr(socket.socket, name, _refuse(_NO_NETWORK))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        setattr(socket, name, _refuse(_NO_NETWORK))
    # No console behind the sandbox: input() reads an empty stream and raises EOFError.
    sys.stdin = io.StringIO("")
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    # Line by line, so what a program printed before it hung or was killed is not lost in a buffer.
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    sys.setrecursionlimit = _clamped_recursion_limit
    _set_recursion_limit(1000)

_install_guard()
_BUILTINS = dict(builtins.__dict__)
`;

export const PYTHON_RUNNER = String.raw`
import json, linecache, traceback
from pyodide.code import eval_code

def _sandbox_frames_only(error):
    # Frames of the harness, of importlib and of the stdlib say nothing about the user's program.
    # The innermost frames only: formatting thousands of frames of a recursion bomb takes seconds.
    report = traceback.TracebackException.from_exception(error, limit=-${TRACEBACK_FRAMES})
    pending, seen = [report], set()
    while pending:
        exception = pending.pop()
        if exception is None or id(exception) in seen:
            continue
        seen.add(id(exception))
        exception.stack = traceback.StackSummary.from_list([f for f in exception.stack if f.filename == "${SANDBOX_FILENAME}"])
        pending += [exception.__cause__, exception.__context__, *(getattr(exception, "exceptions", None) or [])]
    return "".join(report.format()).rstrip()

def _is_refusal(error):
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, SandboxRefused):
            return True
        seen.add(id(error))
        reason = getattr(error, "reason", None)
        error = reason if isinstance(reason, BaseException) else (error.__cause__ or error.__context__)
    return False

def _verdict(kind, message):
    return json.dumps({"error": {"type": kind, "message": message}, "result": None})

def _sandbox_run(source):
    # Fresh builtins too: a previous program may have replaced print or open.
    for name in set(builtins.__dict__) - set(_BUILTINS):
        del builtins.__dict__[name]
    builtins.__dict__.update(_BUILTINS)
    _install_guard()
    linecache.cache["${SANDBOX_FILENAME}"] = (len(source), None, source.splitlines(True), "${SANDBOX_FILENAME}")
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    try:
        value = eval_code(source, namespace, filename="${SANDBOX_FILENAME}")
        result = None if value is None else str(value)
        return json.dumps({"error": None, "result": result})
    except SyntaxError as error:
        if error.filename == "${SANDBOX_FILENAME}":
            return _verdict("syntax", "".join(traceback.format_exception_only(type(error), error)).rstrip())
        return _verdict("runtime", _sandbox_frames_only(error))
    except SystemExit as error:
        if error.code in (None, 0):
            return json.dumps({"error": None, "result": None})
        return _verdict("runtime", f"SystemExit: {error.code}")
    except BaseException as error:
        return _verdict("refused" if _is_refusal(error) else "runtime", _sandbox_frames_only(error))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
`;

export interface HarnessVerdict {
  error: PythonRunError | null;
  result: string | null;
}

/** Reads the runner's JSON verdict; anything else means the harness itself broke. */
export function parseVerdict(json: string): HarnessVerdict {
  const parsed = JSON.parse(json) as HarnessVerdict;
  return { error: parsed.error ?? null, result: typeof parsed.result === 'string' ? parsed.result : null };
}

/** Guard and runner, run once per interpreter before any user code. */
export const PYTHON_HARNESS = `${PYTHON_GUARD}\n${PYTHON_RUNNER}`;
