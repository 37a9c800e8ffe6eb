"""What the units app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent after load_areas has written the succession links: the apps whose rows depend on them (the models'
# answering province) bring those rows up to date. No arguments beyond the sender.
links_loaded = Signal()

# Sent when a unit's area changed outside units.domain (an import updating a unit): the models of the unit take
# the province of its new area. Arguments: unit.
unit_moved = Signal()
