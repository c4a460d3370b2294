"""Use cases: the only code that writes or emits events. ``access_*`` is the
one door to any object a user may see; ``check_*`` validates; ``do_*`` writes."""
