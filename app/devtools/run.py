"""`make run`: the portal with its development stand-ins, each its own process, stopped together.

    python -m app.devtools.run

Starts the development eID provider on 127.0.0.1:9400, the development payment gateway on 9500, the
development mailbox (SMTP on 9025, its page and SMS API on 9600), the portal on 127.0.0.1:5000 (flask
run, APP_ENV=development) and one job worker, which sends the notices' email and SMS to the mailbox;
it stops them all when one stops or on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

PROCESSES = {
    "eID provider (http://127.0.0.1:9400)": [sys.executable, "-m", "app.devtools.eid_provider", "--port", "9400"],
    "payment gateway (http://127.0.0.1:9500)": [sys.executable, "-m", "app.devtools.payment_gateway", "--port", "9500",
                                                "--ipn-url", "http://127.0.0.1:5000/payments/vnpay/ipn"],
    "mailbox (http://127.0.0.1:9600)": [sys.executable, "-m", "app.devtools.mailbox", "--smtp-port", "9025",
                                        "--http-port", "9600"],
    "portal (http://127.0.0.1:5000)": [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1",
                                       "--port", "5000"],
    "job worker": [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "work"],
}


def main() -> None:
    env = {**os.environ, "APP_ENV": os.environ.get("APP_ENV", "development")}
    running = {name: subprocess.Popen(command, env=env) for name, command in PROCESSES.items()}
    for name in running:
        print(f"started {name}", flush=True)
    try:
        while all(process.poll() is None for process in running.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in running.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
