"""Components layer: widgets, pure builders and hooks shared by screens; never a screen."""
