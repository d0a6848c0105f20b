"""The emulated platforms, in the order the README and the index list them."""

from sandbox.core.platform import Platform
from sandbox.platforms.flochat import PLATFORM as FLOCHAT
from sandbox.platforms.flowbot import PLATFORM as FLOWBOT
from sandbox.platforms.flowxo import PLATFORM as FLOWXO
from sandbox.platforms.rapidpro import PLATFORM as RAPIDPRO
from sandbox.platforms.xerochat import PLATFORM as XEROCHAT

PLATFORMS: dict[str, Platform] = {p.name: p for p in (RAPIDPRO, XEROCHAT, FLOCHAT, FLOWXO, FLOWBOT)}
