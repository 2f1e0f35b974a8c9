"""The staff's commands: withdraw and restore a story, split a wrong merge, make the staff
password's hash. Each decision is kept in the database and published at once."""

from __future__ import annotations

import argparse
import getpass
import sys

from aggregator.clock import utc_now
from aggregator.config import load_config
from aggregator.errors import EXIT_OK, EXIT_USAGE
from aggregator.models import Config
from aggregator.pipeline import open_store, publish_outputs
from aggregator.publish import PublishError
from aggregator.staff_actions import Decision, acting_user, find_story, restore, withdraw
from aggregator.store import Store


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, verb in (("withdraw", "take a story out of every public file"), ("restore", "undo a withdrawal")):
        action = commands.add_parser(name, help=f"{verb}, then publish")
        action.add_argument("story", help="the story's id (as the staff page shows it) or an address it has")
        if name == "withdraw":
            action.add_argument("--reason", required=True, help="why, for the staff page")
        action.add_argument("--by", help="who decided (default: the system user)")
        action.set_defaults(handler=cmd_withdraw if name == "withdraw" else cmd_restore)
    split = commands.add_parser("split", help="undo a wrong merge: a source's sightings become their own story")
    split.add_argument("story", help="the story's id (as the staff page shows it) or an address it has")
    split.add_argument("source", help="the id of the source whose sightings to split off")
    split.set_defaults(handler=cmd_split)
    commands.add_parser(
        "staff-password", help="make the password hash for the staff pages (asks twice; or one line on stdin)"
    ).set_defaults(handler=cmd_staff_password)


def cmd_withdraw(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    decision = withdraw(store, args.story, args.reason, args.by or acting_user(), utc_now())
    return _publish_decision(config, store, decision, "withdrawn")


def cmd_restore(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    decision = restore(store, args.story, args.by or acting_user(), utc_now())
    return _publish_decision(config, store, decision, "restored")


def cmd_split(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = open_store(config)
    story = find_story(store, args.story)
    split_off = store.split(story.id, args.source.strip(), utc_now())
    print(f"split: {args.source.strip()}'s sightings of {story.id} are now story {split_off}")
    publish_outputs(config, store)
    print(f"published into {config.output_dir}")
    return EXIT_OK


def _publish_decision(config: Config, store: Store, decision: Decision, done: str) -> int:
    story, withdrawal = decision.story, decision.withdrawal
    if decision.changed:
        print(f"{done}: {story.title} ({story.id})")
    elif withdrawal is not None:
        print(f"already withdrawn by {withdrawal.by} on {withdrawal.at:%Y-%m-%d}: {withdrawal.reason} ({story.id})")
    else:
        print(f"not withdrawn: {story.title} ({story.id})")
    try:
        publish_outputs(config, store)
    except PublishError as error:
        raise PublishError(f"{done} in the database, but publishing failed: {error}") from error
    print(f"published into {config.output_dir}")
    return EXIT_OK


def cmd_staff_password(args: argparse.Namespace) -> int:
    from aggregator.staff_auth import hash_password  # hashlib's scrypt: only for this command

    if sys.stdin.isatty():
        password = getpass.getpass("Staff password: ")
        if getpass.getpass("Same again: ") != password:
            print("staff-password: the two passwords differ; nothing made", file=sys.stderr)
            return EXIT_USAGE
    else:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not password:
        print("staff-password: an empty password is refused", file=sys.stderr)
        return EXIT_USAGE
    stored = hash_password(password)
    # The hash alone on stdout, so `$(aggregator staff-password)` can fill a variable.
    print(stored)
    print(
        f"put it in {args.config} as  staff: {{password_hash: '{stored}'}}"
        f"  or set AGGREGATOR_STAFF_PASSWORD_HASH='{stored}'; then restart serve",
        file=sys.stderr,
    )
    return EXIT_OK
