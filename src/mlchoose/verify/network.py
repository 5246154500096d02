"""Where ``verify`` may connect, how many connections an address gets, and how long each waits.

Every connection of a run goes through one :class:`Guard` (httpcore's network backend), so no
request can skip it: not a robots.txt, not a redirect hop, not a retry.

* **Addresses are checked after resolution**, and the connection goes to the very address that
  was checked (no second lookup an attacker's DNS could answer differently). Loopback, private,
  link-local, unspecified, multicast and reserved addresses are refused unless the run allows
  them (``verify --allow-private``): ``127.0.0.1``, ``localhost``, ``[::ffff:127.0.0.1]``,
  ``0.0.0.0``, ``2130706433``, ``127.1`` and ``0x7f000001`` all resolve to addresses refused
  alike, and a name that resolves to any refused address is refused whole. A refusal raises
  :class:`~mlchoose.verify.outcome.Failure` (status ``blocked``) before any socket is opened.
* **At most ``per_host`` connections per resolved address** at a time, whatever name led to it:
  seven spellings of one server share its two places.
* **One deadline per request**: connecting, each read and each write wait at most the
  request's ``timeout`` and never past its deadline, so a server trickling its status line or
  headers a byte at a time is cut off like one trickling its body.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Final

import httpcore

from mlchoose.verify.outcome import Failure, printable

if TYPE_CHECKING:
    import ssl

    import httpx


#: NAT64's well-known prefix: an IPv4 address inside it is that address.
_NAT64: Final = ipaddress.ip_network("64:ff9b::/96")
_local = threading.local()


def begin(deadline: float) -> None:
    """Set the deadline (``time.monotonic()``) of the request this thread is about to make."""
    _local.deadline = deadline


def _deadline() -> float:
    return float(getattr(_local, "deadline", time.monotonic() + 30.0))


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` stands for, in the resolver's order (an IP address, in any
    spelling the C library accepts, stands for itself)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def resolve_within(host: str, port: int, seconds: float) -> list[str]:
    """:func:`resolve` within ``seconds``: the C library's lookup cannot be interrupted, so it
    runs in a daemon thread that a slow resolver may keep (it holds no lock and writes
    nothing); the request goes on without it, as a connection timeout."""
    found: list[list[str]] = []
    failed: list[BaseException] = []

    def look() -> None:
        try:
            found.append(resolve(host, port))
        except BaseException as error:  # handed to the caller's thread
            failed.append(error)

    worker = threading.Thread(target=look, name="mlchoose-dns", daemon=True)
    worker.start()
    worker.join(seconds)
    if failed:
        raise failed[0]
    if not found:
        raise httpcore.ConnectTimeout(f"the address lookup took longer than {seconds:g} s")
    return found[0]


def refusal(address: str) -> str:
    """Why ``address`` is not fetched without consent (``"a loopback address"``), or ``""``."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    except ValueError:
        return "not an address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            return refusal(str(inner))
    for kind, test in (
        ("an unspecified", ip.is_unspecified),
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a private", ip.is_private),
        ("a multicast", ip.is_multicast),
        ("a reserved", ip.is_reserved or not ip.is_global),
    ):
        if test:
            return f"{kind} address"
    return ""


def same_address(address: str) -> str:
    """One spelling per address, so that its spellings share one limit: an IPv4-mapped IPv6
    address is its IPv4 address, and an IPv6 address is written in its shortest form."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


class Slots:
    """At most ``size`` holders per address at a time; shared by a run's threads."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.busy: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self._free = threading.Condition()

    def acquire(self, address: str, timeout: float) -> bool:
        with self._free:
            if not self._free.wait_for(lambda: self.busy[address] < self.size, timeout):
                return False
            self.busy[address] += 1
            self.peak[address] = max(self.peak[address], self.busy[address])
            return True

    def release(self, address: str) -> None:
        with self._free:
            self.busy[address] -= 1
            self._free.notify_all()


class Guard(httpcore.NetworkBackend):
    """httpcore's network backend for ``verify``: see the module docstring."""

    def __init__(self, per_host: int, allow_private: bool) -> None:
        self.slots = Slots(per_host)
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        deadline = _deadline()
        wait = max(0.0, min(timeout or 30.0, deadline - time.monotonic()))
        try:
            addresses = resolve_within(host, port, wait)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve: {type(error).__name__}") from error
        for address in addresses if not self.allow_private else ():
            why = refusal(address)
            if why:
                said = "" if address == host else f" ({printable(address, 60)})"
                consent = "not fetched without --allow-private"
                raise Failure("blocked", f"{printable(host, 80)}{said} is {why}: {consent}")
        last: OSError | None = None
        for address in addresses:
            key = same_address(address)
            if not self.slots.acquire(key, _left(deadline, httpcore.ConnectTimeout)):
                raise httpcore.ConnectTimeout("no free connection to this address in time")
            wait = _left(deadline, httpcore.ConnectTimeout)
            try:
                sock = socket.create_connection((address, port), min(timeout or wait, wait))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except TimeoutError as error:
                self.slots.release(key)
                raise httpcore.ConnectTimeout(str(error)) from error
            except OSError as error:
                self.slots.release(key)
                last = error
                continue
            release = _once(partial(self.slots.release, key))
            return _Stream(_plain(sock), deadline, release)
        raise httpcore.ConnectError(str(last or "no address"))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("verify never connects to a local socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _plain(sock: socket.socket) -> httpcore.NetworkStream:
    from httpcore._backends.sync import SyncStream

    return SyncStream(sock)


def _once(action: Callable[[], None]) -> Callable[[], None]:
    done = threading.Event()
    lock = threading.Lock()

    def run() -> None:
        with lock:
            if done.is_set():
                return
            done.set()
        action()

    return run


def _left(deadline: float, late: type[Exception]) -> float:
    """Seconds until ``deadline``; ``late`` is raised when none are left."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise late("the request's deadline passed")
    return left


class _Stream(httpcore.NetworkStream):
    """A connection whose every wait ends by the request's deadline; closing it frees its
    address's place."""

    def __init__(
        self, inner: httpcore.NetworkStream, deadline: float, release: Callable[[], None]
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._release = release

    def _wait(self, timeout: float | None, late: type[Exception]) -> float:
        left = _left(self._deadline, late)
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._wait(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._wait(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._release()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = self._wait(timeout, httpcore.ConnectTimeout)
        try:
            inner = self._inner.start_tls(ssl_context, server_hostname, wait)
        except BaseException:
            self._release()
            raise
        return _Stream(inner, self._deadline, self._release)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def transport(workers: int, per_host: int, allow_private: bool) -> httpx.HTTPTransport:
    """httpx's transport with every connection made by a :class:`Guard` and none kept alive."""
    import httpx

    made = httpx.HTTPTransport(trust_env=False)
    made._pool = httpcore.ConnectionPool(  # the one pool, built as httpx builds it, but guarded
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=max(2, workers * 2),
        max_keepalive_connections=0,
        network_backend=Guard(per_host, allow_private),
    )
    return made
