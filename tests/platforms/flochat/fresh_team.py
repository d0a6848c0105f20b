"""What every workspace holds of Flochat from the moment it is made: its team's first bot
(stored by `models.provision`, as every UChat team starts with one), as its export shows it.

Spelled out literally (fidelity §1.2), never read from the sandbox, so that the tests that
use them can fail. The bot's `created_at` is stored but neither exported nor served, so
these need no pinned clock (unlike XeroChat's key users: see its `fresh_install.py`).
"""

from __future__ import annotations

import zlib
from typing import Any

#: The bot of the `default` workspace, and of `ci` (the name tests give a second one).
DEFAULT_BOT_ID = 488639
CI_BOT_ID = 468263


def default_bot_id(workspace: str) -> int:
    """The six-digit id of a workspace's first bot: a function of its name only, so that
    a workspace made again (a reset, a fixture reload) gets the same one."""
    return 100000 + zlib.crc32(workspace.encode("utf-8")) % 900000


def default_bot(workspace: str) -> dict[str, Any]:
    """The exported entry of a workspace's first bot (its `flows` entry)."""
    return {
        "id": default_bot_id(workspace),
        "name": "My Bot",
        "default": True,
        "type": "whatsapp_cloud",
        "linked_label": "",
    }


def default_bot_export(workspace: str) -> dict[str, Any]:
    """The `flochat` section of a workspace that holds only its first bot."""
    return {"flows": [default_bot(workspace)]}


def default_bot_yaml(workspace: str = "default") -> str:
    """A workspace's `flochat` section as an export in YAML writes it (indented as a
    workspace's section)."""
    return f"""\
    flochat:
      flows:
      - id: {default_bot_id(workspace)}
        name: My Bot
        default: true
        type: whatsapp_cloud
        linked_label: ''
"""
