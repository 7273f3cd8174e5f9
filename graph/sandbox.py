"""Running a user's query where it cannot reach the network, enforced by the operating system.

SPARQL's SERVICE makes the engine connect out, and Oxigraph does it from Rust, where no Python audit
hook sees it; the keyword can be spelled in ways no filter of the text foresees (comments that end at
CR, `\\u` escapes, `#` inside IRIs). So what a query may do is not read from its text: a process
that runs one first installs a seccomp filter (libseccomp, through pyseccomp) under which every
socket fails, in all of its threads, for the rest of its life. Whatever
the query says, no connection can be made, not even a DNS lookup, and a closed port looks the same
as an open one (no port scanning).

A process that may query needs no new socket at all: the server's workers talk to it over a socket
made before the filter, and the CLI's children over a pipe. So the filter refuses every family,
AF_UNIX included: a host name can also be resolved through a local socket (nscd, systemd-resolved),
which would then look it up on the network.

The CLI runs each query in a forked child with the filter on (`run_isolated`), so the caller (a
shell, a notebook, a test) keeps its network, and a crash of the engine (a stack overflow) ends the
child, not the command. The server's query workers install the filter once, when they start
(`deny_network`). Both run queries on a thread with a large stack (`on_large_stack`): what the
engine recurses over is bounded by graph.query's limits well within it.
"""

from __future__ import annotations

import errno
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Pipe

from .errors import InputError, PactError

# The error every refused socket() returns: what a machine without a network would say.
REFUSED_ERRNO = errno.ENETUNREACH
NETWORK_HINT = (
    "queries here run without network access, so SERVICE cannot reach an endpoint (--allow-service, or "
    "allow_service=True in Python, permits it)"
)


_denied = False  # whether this process has denied itself the network


def network_denied() -> bool:
    return _denied


class SandboxUnavailable(PactError):
    """The operating system's guard cannot be installed here (not Linux, or no libseccomp)."""


def deny_network() -> None:
    """From now on, in every thread of this process, socket() and socketpair() fail whatever the
    family, and io_uring (which could open sockets without the socket() call) is unavailable.
    Irreversible."""
    try:
        import pyseccomp as seccomp
    except (ImportError, RuntimeError, OSError) as error:  # RuntimeError: libseccomp not found
        raise SandboxUnavailable(
            f"cannot deny queries the network on this system ({error}); install libseccomp "
            "(Debian: libseccomp2), or pass --allow-service to run queries without that guard"
        ) from None
    refuse = seccomp.ERRNO(REFUSED_ERRNO)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    rules.add_rule(refuse, "socket")
    rules.add_rule(refuse, "socketpair")
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "io_uring_setup")
    # All threads, Oxigraph's own included; and no_new_privs, which an unprivileged filter needs.
    rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)
    rules.set_attr(seccomp.Attr.CTL_NNP, 1)
    try:
        rules.load()
    except OSError as error:
        raise SandboxUnavailable(f"cannot deny queries the network on this system ({error.strerror})") from None
    global _denied
    _denied = True


# Frames from the child: data, an error the user can fix, a bug, the end.
_DATA, _ERROR, _BUG, _END = b"D", b"E", b"B", b"X"
LARGE_STACK = 256 << 20  # bytes of stack for a thread that runs queries (address space, not memory)


class EngineCrashed(InputError):
    """The process running a query ended by a signal (a crash of the engine), or for no reason it
    gave; `signal_name` says which signal, if any."""

    def __init__(self, message: str, signal_name: str | None = None):
        super().__init__(message)
        self.signal_name = signal_name


def on_large_stack(function: Callable[[], None], stack: int = LARGE_STACK) -> None:
    """Call `function()` on a thread with a stack of `stack` bytes, and wait for it; an exception
    it raises is raised here."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            function()
        except BaseException as error:  # noqa: BLE001 (raised again in the caller)
            failure.append(error)

    previous = threading.stack_size(stack)
    try:
        thread = threading.Thread(target=run, name="query", daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if failure:
        raise failure[0]


def run_isolated(
    produce: Callable[..., Iterable[bytes]], *args, network: bool = False, timeout: float | None = None
) -> Iterator[bytes]:
    """Run `produce(*args)` in a forked child, without the network unless `network`, and yield the
    byte chunks it yields as they come. A PactError in the child is raised here; a child that dies
    (a crash in the engine) raises InputError, and so does one still running after `timeout`
    seconds (it is ended). Stopping early ends the child."""
    receiver, sender = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's cleanup
        receiver.close()

        def send_all() -> None:
            for chunk in produce(*args):
                if chunk:
                    sender.send_bytes(_DATA + chunk)
            sender.send_bytes(_END)

        try:
            if not network:
                deny_network()
            on_large_stack(send_all)
        except PactError as error:
            _send_safely(sender, _ERROR + pickle.dumps(error))
        except RecursionError:
            _send_safely(sender, _ERROR + pickle.dumps(InputError("the query is nested too deeply to be parsed")))
        except MemoryError:
            _send_safely(sender, _ERROR + pickle.dumps(InputError("the query ran out of memory")))
        except BaseException as error:  # noqa: BLE001 (a bug: reported in the parent, with its type)
            _send_safely(sender, _BUG + f"{type(error).__name__}: {error}".encode("utf-8", "replace")[:2000])
        finally:
            os._exit(0)
    sender.close()
    deadline = None if not timeout else time.monotonic() + timeout
    try:
        while True:
            if deadline is not None and not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise InputError(f"the query ran past the time limit of {timeout:g} s and was stopped (--timeout)")
            try:
                frame = receiver.recv_bytes()
            except EOFError:
                raise _death(pid) from None
            kind, payload = frame[:1], frame[1:]
            if kind == _DATA:
                yield payload
            elif kind == _END:
                return
            elif kind == _ERROR:
                raise pickle.loads(payload)  # noqa: S301 (our own child, over a private pipe)
            else:
                raise RuntimeError(payload.decode("utf-8", "replace"))
    finally:
        receiver.close()
        _reap(pid)


def _send_safely(sender, frame: bytes) -> None:
    try:
        sender.send_bytes(frame)
    except OSError:
        pass  # the parent stopped listening


def _reap(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)  # a no-op for a child that has finished
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass  # already reaped (see _death)


def _death(pid: int) -> EngineCrashed:
    """Why the child ended without a word: the signal that ended it, in words (the caller, who
    knows the query, says what in it was too large: graph.query.crash_error)."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal_name(os.WTERMSIG(status))
        return EngineCrashed(f"the query engine crashed ({name})", name)
    return EngineCrashed(f"the query process ended unexpectedly (exit status {os.WEXITSTATUS(status)})")


def signal_name(number: int) -> str:
    return signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
