"""The `plein` command: run, web, worker, mailin, live, demo, migrate, createadmin, check, manage."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

DEMO_SIZES = ("small", "bench-small", "medium", "large")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _setup()
    from django.core.management import call_command

    call_command(*args)


def cmd_migrate(args: argparse.Namespace) -> int:
    _manage("migrate", "--no-input", *(["--verbosity", "0"] if args.quiet else []))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from django.core.management.base import SystemCheckError

    try:
        _manage("check", *(["--deploy", "--fail-level", "WARNING"] if args.deploy else []))
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    import getpass

    _setup()
    from plein.accounts.actions import create_user

    email = args.email or input("E-mail: ").strip()
    password = args.password or os.environ.get("PLEIN_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    create_user(email=email, first_name=args.first_name, last_name=args.last_name, password=password, is_admin=True)
    print(f"Administrator {email} created.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    from plein.demo.generate import generate, print_logins

    if args.if_empty:
        from plein.accounts.models import User

        if User.objects.exists():
            return 0
    started = time.monotonic()
    try:
        summary = generate(size=args.size, seed=args.seed)
    except RuntimeError as error:
        print(f"plein demo: {error}", file=sys.stderr)
        return 1
    from plein.demo.plan_news import create_news

    # The benchmark's sizes have three active must-reads, the most a week allows by default.
    news = create_news(must_reads=1 if args.size == "small" else 3)
    summary += f"; {news.items} news items, {news.pages} work-process pages"
    # The demo is written in bulk, without events, so the search index is filled here in one pass.
    from plein.search.indexing import rebuild

    indexed = sum(rebuild().values())
    summary += f", {indexed} documents in the search index"
    print(f"Demo organisation ready in {time.monotonic() - started:.1f}s: {summary}")
    if not args.quiet:
        print_logins()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Deliver outbox events and run queued tasks until stopped."""
    _setup()
    from django.core.management import call_command

    from plein.core.dispatch import run_forever
    from plein.mailer.sending import run_forever as send_mail_forever

    stop = threading.Event()
    events = threading.Thread(target=run_forever, kwargs={"stop": stop}, name="plein-events", daemon=True)
    mail = threading.Thread(target=send_mail_forever, kwargs={"stop": stop}, name="plein-mail", daemon=True)
    events.start()
    mail.start()
    try:
        call_command(
            "db_worker", "--queue-name", "*", "--interval", str(args.interval), "--no-startup-delay", "--no-reload"
        )
    finally:
        stop.set()
        # The mail loop hands back what it had not sent yet, so no claim waits for its timeout.
        mail.join(timeout=30)
    return 0


def cmd_mailin(args: argparse.Namespace) -> int:
    """Receive replies to notification e-mails over SMTP until stopped (see docs/operations.md)."""
    _setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from plein.mailer.mailin import MailinHandler

    if not settings.PLEIN_MAILIN_DOMAIN:
        print("plein mailin: set PLEIN_MAILIN_DOMAIN to the domain of the reply addresses.", file=sys.stderr)
        return 2
    host, port = args.host or settings.PLEIN_MAILIN_HOST, args.port or settings.PLEIN_MAILIN_PORT
    controller = Controller(
        MailinHandler(), hostname=host, port=port, data_size_limit=settings.PLEIN_MAILIN_MAX_BYTES, ready_timeout=10
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    controller.start()
    print(f"plein mailin: receiving replies for @{settings.PLEIN_MAILIN_DOMAIN} on {host}:{port}", flush=True)
    try:
        stop.wait()
    finally:
        controller.stop()
    return 0


def _granian(interface: str, target: str, host: str, port: int, workers: int) -> list[str]:
    command = [sys.executable, "-m", "granian", "--interface", interface, target]
    command += ["--host", host, "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning", "--workers-kill-timeout", "10"]
    if interface == "wsgi":
        command += ["--blocking-threads", os.environ.get("PLEIN_WEB_THREADS", "8")]
    return command


def cmd_web(args: argparse.Namespace) -> int:
    os.execv(sys.executable, _granian("wsgi", "plein.wsgi:application", args.host, args.port, args.workers))


def cmd_live(args: argparse.Namespace) -> int:
    os.execv(sys.executable, _granian("asgi", "plein.live.asgi:application", args.host, args.port, 1))


def cmd_run(args: argparse.Namespace) -> int:
    """Everything for a local intranet: migrate, demo data, web, worker and live updates."""
    live_url = f"http://{args.host}:{args.port + 1}/live/"
    os.environ.setdefault("PLEIN_LIVE_URL", live_url)
    os.environ.setdefault("PLEIN_BASE_URL", f"http://{args.host}:{args.port}")
    plein = [sys.executable, "-m", "plein.cli"]
    subprocess.run([*plein, "migrate", "--quiet"], check=True)
    subprocess.run([*plein, "demo", "--if-empty", "--quiet", "--size", "small"], check=True)
    # Each child leads its own process group, so stopping it also stops the
    # server processes it forked (granian's workers), and none is left behind.
    procs = [
        subprocess.Popen(command, start_new_session=True)
        for command in (
            [*plein, "web", "--host", args.host, "--port", str(args.port), "--workers", "2"],
            [*plein, "worker"],
            [*plein, "live", "--host", args.host, "--port", str(args.port + 1)],
        )
    ]
    _setup()
    from plein.demo.generate import print_logins

    print_logins()
    print(f"\nPlein runs at http://{args.host}:{args.port}/ — press Ctrl-C to stop.\n", flush=True)
    return _supervise(procs)


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signum)


def _supervise(procs: Sequence[subprocess.Popen[bytes]]) -> int:
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
    failed = [p for p in procs if p.returncode not in (0, -signal.SIGTERM, None)]
    return 0 if stopping or not failed else 1


def cmd_import(args: argparse.Namespace) -> int:
    """Import people from an HR export; exit 0 when all went well, 1 when rows failed, 2 when nothing could be done."""
    try:
        with open(args.file, "rb") as source:
            data = source.read()
    except OSError as error:
        print(f"plein import: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 2
    _setup()
    from plein.people.import_actions import import_people
    from plein.people.importer import ImportFileError, report_lines

    started = time.monotonic()
    try:
        result = import_people(
            data=data,
            dry_run=args.dry_run,
            deactivate_missing=args.deactivate_missing,
            allow_mass_deactivation=args.allow_mass_deactivation,
            source=os.path.basename(args.file),
        )
    except ImportFileError as error:
        print(f"plein import: {args.file}: {error}", file=sys.stderr)
        return 2
    print("\n".join(report_lines(result.plan, dry_run=result.dry_run, applied=result.applied, details=args.details)))
    if result.refused:
        print(
            "plein import: use --allow-mass-deactivation to go ahead anyway, "
            "or --no-deactivate-missing to import without deactivating anybody.",
            file=sys.stderr,
        )
        return 2
    print(f"({time.monotonic() - started:.1f}s)")
    return 1 if result.has_errors else 0


def cmd_search_rebuild(args: argparse.Namespace) -> int:
    """Rebuild the search index, printing progress; exit 2 for an unknown kind."""
    _setup()
    from plein.search.indexing import rebuild
    from plein.search.registry import providers

    unknown = sorted(set(args.kind) - set(providers()))
    if unknown:
        print(
            f"plein search rebuild: unknown kind {', '.join(unknown)}; known: {', '.join(providers())}", file=sys.stderr
        )
        return 2
    started = time.monotonic()
    current: list[str] = []

    def progress(kind: str, done: int) -> None:
        if current and current[-1] != kind:
            print()
        current.append(kind)
        print(f"\r{kind}: {done} indexed", end="", flush=True)

    counts = rebuild(kinds=args.kind, progress=progress)
    if current:
        print()
    summary = ", ".join(f"{kind} {count}" for kind, count in counts.items())
    print(f"Search index rebuilt in {time.monotonic() - started:.1f}s: {summary}")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["plein manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plein", description="Plein, the social intranet.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="serve the intranet with worker and live updates (development)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.set_defaults(func=cmd_run)

    web = sub.add_parser("web", help="serve pages over WSGI (production)")
    web.add_argument("--host", default=os.environ.get("PLEIN_HOST", "127.0.0.1"))
    web.add_argument("--port", type=int, default=int(os.environ.get("PLEIN_PORT", "8000")))
    web.add_argument("--workers", type=int, default=int(os.environ.get("PLEIN_WEB_WORKERS", "2")))
    web.set_defaults(func=cmd_web)

    live = sub.add_parser("live", help="serve the live-update endpoint over ASGI")
    live.add_argument("--host", default=os.environ.get("PLEIN_HOST", "127.0.0.1"))
    live.add_argument("--port", type=int, default=int(os.environ.get("PLEIN_LIVE_PORT", "8001")))
    live.set_defaults(func=cmd_live)

    worker = sub.add_parser("worker", help="deliver events and run background tasks")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.set_defaults(func=cmd_worker)

    mailin = sub.add_parser("mailin", help="receive replies to notification e-mails (SMTP)")
    mailin.add_argument("--host", help="default: PLEIN_MAILIN_HOST")
    mailin.add_argument("--port", type=int, help="default: PLEIN_MAILIN_PORT")
    mailin.set_defaults(func=cmd_mailin)

    demo = sub.add_parser("demo", help="generate the demo organisation Gemeente Zuiderveld")
    demo.add_argument("--size", choices=DEMO_SIZES, default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--if-empty", action="store_true", help="only when there are no users yet")
    demo.add_argument("--quiet", action="store_true", help="do not print the demo log-ins")
    demo.set_defaults(func=cmd_demo)

    migrate = sub.add_parser("migrate", help="create or update the database tables")
    migrate.add_argument("--quiet", action="store_true")
    migrate.set_defaults(func=cmd_migrate)

    admin = sub.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--email")
    admin.add_argument("--password", help="better: set PLEIN_ADMIN_PASSWORD or answer the prompt")
    admin.add_argument("--first-name", default="Beheerder")
    admin.add_argument("--last-name", default="")
    admin.set_defaults(func=cmd_createadmin)

    check = sub.add_parser("check", help="check the configuration")
    check.add_argument("--deploy", action="store_true", help="also check production security settings")
    check.set_defaults(func=cmd_check)

    imports = sub.add_parser("import", help="import data from another system")
    what = imports.add_subparsers(dest="what", required=True)
    people = what.add_parser("people", help="people, departments, managers and locations from an HR export (CSV)")
    people.add_argument("file", help="the CSV file (UTF-8 or Windows-1252, comma or semicolon; see docs/import.md)")
    people.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    people.add_argument(
        "--deactivate-missing",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="deactivate managed people who are not in the file (default: yes)",
    )
    people.add_argument(
        "--allow-mass-deactivation",
        action="store_true",
        help="allow deactivating more than 10%% of the active people",
    )
    people.add_argument("--details", type=int, default=100, help="people listed per section (0: all)")
    people.set_defaults(func=cmd_import)

    search = sub.add_parser("search", help="look after the search index")
    search_what = search.add_subparsers(dest="what", required=True)
    rebuild = search_what.add_parser("rebuild", help="index every post, comment, file, topic (and news) again")
    rebuild.add_argument("--kind", action="append", default=[], help="only this kind (repeatable)")
    rebuild.set_defaults(func=cmd_search_rebuild)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ImproperlyConfigured as error:
        print(f"plein: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
