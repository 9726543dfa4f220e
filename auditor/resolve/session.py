"""The one place an HTTP session is built: pools, user agent, no cookies, the address policy."""

from __future__ import annotations

from collections.abc import Generator
from http.cookiejar import CookiePolicy, DefaultCookiePolicy
from typing import Any

import requests
import requests.auth
from requests.adapters import HTTPAdapter

from auditor import __version__
from auditor.resolve.policy import AddressPolicy, pool_classes

USER_AGENT = f"auditor/{__version__} (news sourcing link checker)"


class _PolicyAdapter(HTTPAdapter):
    """Direct connections go through pools that check every address they dial.

    Proxied requests (HTTP_PROXY/HTTPS_PROXY) connect to the proxy, which resolves
    names itself; for those only literal hosts are checked, by the checker.
    """

    def __init__(self, policy: AddressPolicy, hosts: int, per_host: int) -> None:
        self._policy = policy
        super().__init__(pool_connections=hosts, pool_maxsize=per_host, max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = pool_classes(self._policy)


class _Session(requests.Session):
    """Redirects are the checker's, hop by hop: the session neither follows them nor reads a 3xx body in full to
    prepare the next request (an endless or compressed-bomb body behind a 302 would be read whole)."""

    def resolve_redirects(self, *args: Any, **kwargs: Any) -> Generator[requests.Response, None, None]:
        yield from ()


class _NoAuth(requests.auth.AuthBase):
    """No credentials, ever: without it a session that reads the environment for proxies also sends the
    ``~/.netrc`` (or ``$NETRC``) login of any host it checks."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


def build_session(policy: AddressPolicy, *, per_host: int = 8, hosts: int = 256,
                  user_agent: str = USER_AGENT) -> requests.Session:
    """A session for the resolver; retries are the checker's job, so the adapter does none.

    Connections are kept alive: up to ``per_host`` idle ones for each of the ``hosts`` most recently used hosts
    (one pool per host; a run over an archive's few hundred hosts reuses them instead of dialling each time).
    """
    session = _Session()
    session.auth = _NoAuth()
    adapter = _PolicyAdapter(policy, hosts, per_host)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
    session.cookies.set_policy(_NO_COOKIES)
    return session


class _NoCookies(DefaultCookiePolicy):
    """Accept no cookie: a link check must not carry state from one site to the next."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


_NO_COOKIES: CookiePolicy = _NoCookies()
