"""gunicorn's settings for the portal (read from the working directory: `gunicorn portal.wsgi`).

Every value can be set from the environment; the defaults suit one machine behind a TLS-terminating proxy.
"""

import multiprocessing
import os

# Behind the proxy on the same machine by default; in a container, GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's rule of thumb (2 × cores + 1) as the default; WEB_CONCURRENCY overrides it, as on most hosts.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads, so that one long request (a 2,000-client workbook holds a worker 4-18 s) does not hold the whole
# worker: the other threads keep answering. Each thread keeps its own database connection
# (workers × threads connections per machine: mind PostgreSQL's max_connections).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# The longest request here is a big workbook download or upload on a busy machine (~18 s measured); a minute
# leaves room for that and still restarts a worker that hangs. Heavy reports run as background jobs.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# A deploy or restart lets requests in flight finish (a workbook included) before the worker stops.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Keep-alive behind the proxy, which reuses its connections to us.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak (a big export's memory) cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The proxy in front terminates TLS and says so in X-Forwarded-Proto; only its addresses are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to standard output and error, for the supervisor (systemd, the container runtime) to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The path, never the raw request line or the query string: a search term or an identity code typed into a
# search box must not reach the log. With LOG_FORMAT=json the same fields are also separate JSON keys.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
logger_class = "portal.gunicorn_logging.Logger"

# gunicorn's control socket (for `gunicornc`) sits at one path per user by default, where two instances on one
# machine would meet; it is off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
