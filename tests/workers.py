"""Real Celery workers for the fault tests: separate processes on the real broker and database.

The broker is Redis when REDIS_URL is set (as in CI), otherwise the filesystem broker the project
uses without a server. Each test gets its own queue (Redis) or folder (filesystem), so that no
other worker on the machine takes its tasks. Workers write their mail as files
(tests/reminders/mailbox.py) that the test counts.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
CELERY = str(Path(sys.executable).with_name("celery"))
READY_TIMEOUT = 60


def wait_for(condition, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}")


def database_url():
    """The test database as a URL, for a process that is not under pytest."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = db["NAME"]
        if not name or "memory" in str(name):
            pytest.fail("The worker tests need the SQLite test database in a file (oeplanner/settings/test.py).")
        return f"sqlite:///{name}"
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def require_redis(url):
    """A Redis that does not answer fails the test under CI; elsewhere it is skipped."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {url} does not answer: {error}")
        pytest.skip(f"Redis at {url} does not answer: {error}")


class Broker:
    def __init__(self, tmp_path, redis_url=None):
        self.queue = f"reminder-tests-{uuid.uuid4().hex[:8]}"
        self.redis_url = redis_url
        self.folder = tmp_path / f"broker-{self.queue}"
        if redis_url:
            require_redis(redis_url)
        else:
            (self.folder / "processed").mkdir(parents=True)

    @property
    def url(self):
        return self.redis_url or "filesystem://"

    def env(self):
        if self.redis_url:
            return {"CELERY_BROKER_URL": self.redis_url, "CELERY_TASK_DEFAULT_QUEUE": self.queue}
        # No broker URL: the settings' own filesystem broker, in this test's folder.
        return {
            "CELERY_BROKER_URL": "",
            "CELERY_BROKER_FOLDER": str(self.folder),
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }

    def publisher(self):
        app = Celery("reminder-tests", broker=self.url, set_as_current=False)
        app.conf.task_default_queue = self.queue
        app.conf.broker_connection_retry = False
        app.conf.broker_connection_max_retries = 0
        app.conf.broker_transport_options = (
            {"max_retries": 0}
            if self.redis_url
            else {
                "data_folder_in": str(self.folder),
                "data_folder_out": str(self.folder),
                "processed_folder": str(self.folder / "processed"),
                "control_folder": str(self.folder / "control"),
            }
        )
        return app

    def sweep(self):
        """Queue one sweep, as beat does."""
        with self.publisher() as app:
            app.send_task("reminders.tasks.sweep", retry=False)

    def purge(self):
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).delete(self.queue)


class Worker:
    def __init__(self, name, broker, mailbox, log_dir, **env):
        self.name = name
        self.broker = broker
        self.log = log_dir / f"{name}.log"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "PYTEST_CURRENT_TEST"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="oeplanner.settings.test",
            DATABASE_URL=database_url(),
            EMAIL_BACKEND="tests.reminders.mailbox.FileMailbox",
            MAILBOX_DIR=str(mailbox),
            SITE_URL=settings.SITE_URL,
            PYTHONPATH=str(ROOT),
            **broker.env(),
        )
        self.env.update({key: str(value) for key, value in env.items()})
        self.process = None

    def launch(self, *extra):
        command = [
            CELERY,
            "-A",
            "oeplanner",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            f"{self.name}@%h",
            "--without-gossip",
            "--without-mingle",
            *extra,
        ]
        self._log_file = open(self.log, "ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait_ready(self):
        wait_for(
            lambda: self._check_alive() and "ready." in self.output(), READY_TIMEOUT, f"worker {self.name} to start"
        )
        return self

    def start(self, *extra):
        return self.launch(*extra).wait_ready()

    def _check_alive(self):
        if self.process.poll() is not None:
            pytest.fail(f"Worker {self.name} exited with {self.process.returncode}:\n{self.output()[-3000:]}")
        return True

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self):
        """SIGKILL: no clean-up, no acknowledgement, exactly like a crash or the OOM killer."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        """At the end of a test: nothing left to finish, so no need to wait for a warm shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.kill()
        if self.process is not None:
            self._log_file.close()


class RedisServer:
    """A throwaway redis-server on its own port, to stop and start without touching the shared one."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        import redis

        try:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except FileNotFoundError:
            if os.environ.get("CI") == "true":
                pytest.fail("redis-server is not installed")
            pytest.skip("redis-server is not installed")
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_for(answers, 10, f"redis-server on port {self.port}")
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
