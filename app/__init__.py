"""App package: the SatuPintu Flet UI, layered views → state → services → contracts."""
