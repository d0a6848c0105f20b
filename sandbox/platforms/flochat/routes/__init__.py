"""Flochat's 187 operations (the UChat API), one blueprint per group of the vendor's spec.

Every view is declared with `FlochatBlueprint.operation` (routes/common.py): its scope,
its Laravel-validated input and its answer, which the generated spec documents. The views
are table rows (`Operation`, routes/tables.py) that `operations` declares in their order,
the spec's; views that also share their body share one factory (`listing`, `on_record`...).
"""

from sandbox.platforms.flochat.routes import flow, messaging, shop, subscribers, team

BLUEPRINTS = (flow.blp, subscribers.blp, messaging.blp, shop.blp, team.blp)

__all__ = ["BLUEPRINTS"]
