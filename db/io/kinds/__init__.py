"""The kinds of records an import can bring in, by name (also the command line's --kind)."""
from __future__ import annotations

from .clients import Clients
from .contacts import Contacts
from .deals import Deals
from .people import Departments, Users
from .prices import Prices
from .products import Products
from .shipments import Shipments

KINDS = {kind.name: kind for kind in (Clients, Contacts, Deals, Shipments, Products, Users, Departments, Prices)}
