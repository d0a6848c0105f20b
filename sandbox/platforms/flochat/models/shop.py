"""Cart, orders and the shop: products, variants, product tags / types / vendors, discount
codes, locations, business hours (group D).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = []
FLOW_SECTIONS: list[Section] = []
